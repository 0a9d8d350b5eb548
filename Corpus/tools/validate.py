#!/usr/bin/env python3
"""Validate starlint corpus answers: every `NAME.md` needs a `NAME.labels` sidecar.

Usage: python3 Corpus/tools/validate.py [DIR_OR_FILES...]   (default: Corpus/answers)

Checks: required metadata keys and values; each gold segment's text appears in the
answer body, in order; no sentence text in the body is left without a label (part
labels such as "Situation:" and Markdown markers may stay unlabelled).
"""
import os, re, sys

TYPES = {"behavioural", "situational", "role-specific", "career-progression",
         "cultural-fit", "problem-solving", "teamwork-leadership"}
LABELS = {"S", "T", "A", "R", "O"}
REQUIRED = ["question", "type", "competencies", "field", "role", "level",
            "quality", "quantified", "labelled", "styles", "note"]

def part_label_aliases():
    """The part labels starlint reads (Lexicons/part-labels.txt: `LABEL alias` lines)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Lexicons", "part-labels.txt")
    aliases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            aliases.append(line.split(None, 1)[1].lower())
    return aliases

PART_LABELS = part_label_aliases()
# Words a part label may leave uncovered by the gold segments.
PART_WORDS = {w for a in PART_LABELS for w in re.findall(r"[a-z']+", a)} | {"star", "answer", "step"}
# Longest first, so "what i did" is tried before "what".
_ALIASES = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(PART_LABELS, key=len, reverse=True))

def body_of(md):
    text = md
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            raise ValueError("front matter not closed")
        return text[end + 5:], text[4:end]
    return text, ""

def parse_labels(path):
    meta, segs = {}, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines) and lines[i].strip() != "---":
        ln = lines[i]
        if ln.strip():
            if ":" not in ln:
                raise ValueError(f"{path}:{i+1}: metadata line needs 'key: value'")
            k, v = ln.split(":", 1)
            meta[k.strip()] = v.strip()
        i += 1
    if i == len(lines):
        raise ValueError(f"{path}: missing '---' line before the segments")
    for j in range(i + 1, len(lines)):
        ln = lines[j]
        if not ln.strip():
            continue
        if len(ln) < 4 or ln[1:4] != " | " or ln[0] not in LABELS:
            raise ValueError(f"{path}:{j+1}: segment must look like 'S | exact sentence text'")
        segs.append((ln[0], ln[4:], j + 1))
    return meta, segs

def check(md_path):
    errs = []
    base = md_path[:-3]
    lab = base + ".labels"
    if not os.path.exists(lab):
        return [f"{md_path}: no sidecar {os.path.basename(lab)}"]
    with open(md_path, encoding="utf-8") as f:
        md = f.read()
    try:
        body, _ = body_of(md)
        meta, segs = parse_labels(lab)
    except ValueError as e:
        return [str(e)]
    for k in REQUIRED:
        if k not in meta or not meta[k]:
            errs.append(f"{lab}: missing metadata '{k}'")
    if meta.get("type") and meta["type"] not in TYPES:
        errs.append(f"{lab}: type '{meta['type']}' not one of {sorted(TYPES)}")
    if meta.get("quality") and meta["quality"] not in {"1", "2", "3", "4", "5"}:
        errs.append(f"{lab}: quality must be 1..5")
    for k in ("quantified", "labelled"):
        if meta.get(k) and meta[k] not in {"true", "false"}:
            errs.append(f"{lab}: {k} must be true or false")
    if meta.get("level") and meta["level"] not in {"entry", "junior", "mid", "senior", "lead"}:
        errs.append(f"{lab}: level must be entry|junior|mid|senior|lead")
    if not segs:
        errs.append(f"{lab}: no segments")
    pos = 0
    covered = []
    for label, text, lineno in segs:
        k = body.find(text, pos)
        if k < 0:
            errs.append(f"{lab}:{lineno}: segment text not found in order in the answer: {text[:60]!r}")
            continue
        covered.append((k, k + len(text)))
        pos = k + len(text)
    # uncovered text must be markup or part labels only
    mask = [False] * len(body)
    for a, b in covered:
        for x in range(a, b):
            mask[x] = True
    rest = "".join(ch if not mask[x] else " " for x, ch in enumerate(body))
    for ln in rest.split("\n"):
        words = re.findall(r"[A-Za-z']+", ln)
        leftover = [w for w in words if w.lower() not in PART_WORDS]
        if leftover:
            errs.append(f"{lab}: text not covered by any segment: {ln.strip()[:70]!r}")
    labelled = meta.get("labelled") == "true"
    # A part label may follow a list marker ("1. Situation:", "- **Task:**"), as starlint reads it.
    has_part_label = bool(re.search(r"(?im)^\s*([-*+]\s+|\d+[.)]\s+)?(#+\s*|\*\*|__)?\s*(" + _ALIASES + r")\b\s*(\*\*|__)?\s*[:\-–—]?", body))
    if labelled and not has_part_label:
        errs.append(f"{lab}: labelled: true but the answer has no part labels")
    # starlint reads "What I did:" or "What I'd do:" before a list as the Action's label, so
    # such an answer is a labelled one (eval's with/without part labels split follows this field).
    if not labelled and re.search(r"(?im)^\s*(#+\s*|\*\*|__)?\s*what\s+i(\s+did|\s+would\s+do|'d\s+do)\s*(\*\*|__)?\s*:", body):
        errs.append(f"{lab}: labelled: false but the answer has the part label 'What I did:' or 'What I'd do:'")
    return errs

def main():
    args = sys.argv[1:] or [os.path.join(os.path.dirname(__file__), "..", "answers")]
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".md"))
        else:
            files.append(a)
    bad = 0
    for f in files:
        for e in check(f):
            print(e)
            bad += 1
    print(f"{len(files)} answers checked, {bad} problems")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()
