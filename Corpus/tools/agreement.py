#!/usr/bin/env python3
"""Agreement between the gold labels and a second, independent annotator.

Usage: python3 Corpus/tools/agreement.py [AGREEMENT_DIR] [ANSWERS_DIR]
       (defaults: Corpus/agreement, Corpus/answers)

Each `NAME.labels` in AGREEMENT_DIR holds the second annotator's labels, one line per
sentence (`LABEL | text`, the text a verbatim piece of `ANSWERS_DIR/NAME.md`). Every
such sentence takes the gold label of the gold segment it overlaps most (by characters
of the answer), as `starlint eval` does for its own sentences. Prints macro-F1 over
S/T/A/R, per-label F1, raw agreement, the confusion table (rows gold) and how often the
two agree on which of S, T, A and R an answer has at all (part presence).

`AGREEMENT_DIR/quantified.csv`, if there, holds a second reading of the `quantified`
grade: `NAME,true|false,reason` per line. Prints how many answers it agrees with the gold
grade on, Cohen's kappa, and each disagreement.

`AGREEMENT_DIR/aims.tsv`, `habits.tsv`, `outcomes.tsv` and `background.tsv`, if there, are
re-reads of the cases the labelling rules settle (see Corpus/README.md, Labels):
`NAME#SEGMENT, before, reader1, reader2, reader3, after, reason` per line. Prints how often the three readers
agree and how many gold labels changed, and checks that each segment's gold label is now
`after`.
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate import parse_labels  # noqa: E402

LABELS = "STARO"


def spans(md, texts):
    """Character range of each text in md, searched in order (None when not found)."""
    out, pos = [], 0
    for t in texts:
        at = md.find(t, pos)
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(t)))
        pos = at + len(t)
    return out


def main():
    agreement = sys.argv[1] if len(sys.argv) > 1 else "Corpus/agreement"
    answers = sys.argv[2] if len(sys.argv) > 2 else "Corpus/answers"
    pairs, missing, files = [], 0, 0
    presence = []  # (gold has the part, second annotator has it), per answer and part
    for name in sorted(os.listdir(agreement)):
        if not name.endswith(".labels"):
            continue
        files += 1
        md = open(os.path.join(answers, name[:-7] + ".md"), encoding="utf-8").read()
        _, gold = parse_labels(os.path.join(answers, name))
        _, second = parse_labels(os.path.join(agreement, name))
        gold_spans = spans(md, [t for _, t, _ in gold])
        for lab in "STAR":
            presence.append((any(g == lab for g, _, _ in gold), any(x == lab for x, _, _ in second)))
        for (label, text, _), span in zip(second, spans(md, [t for _, t, _ in second])):
            if span is None:
                missing += 1
                continue
            best, overlap = "O", 0
            for (g, _, _), gs in zip(gold, gold_spans):
                if gs is None:
                    continue
                o = min(span[1], gs[1]) - max(span[0], gs[0])
                if o > overlap:
                    best, overlap = g, o
            pairs.append((best, label))
    if missing:
        print(f"{missing} sentences not found in their answers", file=sys.stderr)
        sys.exit(1)
    f1s = []
    for lab in "STAR":
        tp = sum(1 for g, s in pairs if g == lab and s == lab)
        fp = sum(1 for g, s in pairs if g != lab and s == lab)
        fn = sum(1 for g, s in pairs if g == lab and s != lab)
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        f1s.append(2 * p * r / (p + r) if p + r else 0)
    print(f"{files} answers, {len(pairs)} sentences")
    print(f"macro-F1 (S/T/A/R) {sum(f1s) / 4:.3f}   " + "  ".join(f"{l} {f:.3f}" for l, f in zip("STAR", f1s)))
    print(f"raw agreement {sum(g == s for g, s in pairs) / len(pairs):.3f}")
    print("confusion (rows gold, columns second annotator)\n       " + "".join(f"{l:>5}" for l in LABELS))
    for g in LABELS:
        print(f"    {g}  " + "".join(f"{sum(1 for a, b in pairs if a == g and b == s):5d}" for s in LABELS))
    same = sum(g == s for g, s in presence)
    print(f"part presence {same} of {len(presence)} ({same / len(presence):.3f})")
    quantified(agreement, answers)
    for name, title in (("aims", "career aims"), ("habits", "habits"), ("outcomes", "imagined outcomes"), ("background", "background"),
                        ("demeanour", "demeanour"), ("framing", "framing"),
                        ("background2", "background, second pass")):
        reread(agreement, answers, name, title)


def quantified(agreement, answers):
    """Agreement on the `quantified` grade, from AGREEMENT_DIR/quantified.csv."""
    path = os.path.join(agreement, "quantified.csv")
    if not os.path.exists(path):
        return
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            parts = line.rstrip("\n").split(",", 2)
            if len(parts) < 2 or parts[1] not in ("true", "false"):
                print(f"{path}:{n}: expected NAME,true|false,reason", file=sys.stderr)
                sys.exit(1)
            meta, _ = parse_labels(os.path.join(answers, parts[0] + ".labels"))
            rows.append((parts[0], meta.get("quantified") == "true", parts[1] == "true", parts[2] if len(parts) > 2 else ""))
    n = len(rows)
    same = sum(g == s for _, g, s, _ in rows)
    pg, ps = sum(g for _, g, _, _ in rows) / n, sum(s for _, _, s, _ in rows) / n
    chance = pg * ps + (1 - pg) * (1 - ps)
    kappa = (same / n - chance) / (1 - chance) if chance < 1 else 1.0
    print(f"quantified result: {same} of {n} answers agree ({same / n:.3f}), kappa {kappa:.3f}; "
          f"true in gold {sum(g for _, g, _, _ in rows)}, in the second reading {sum(s for _, _, s, _ in rows)}")
    for name, g, s, why in rows:
        if g != s:
            print(f"  {name}: gold {str(g).lower()}, second {str(s).lower()}: {why}")


def reread(agreement, answers, name, title):
    """A re-read by three readers, from AGREEMENT_DIR/NAME.tsv, checked against the gold."""
    path = os.path.join(agreement, name + ".tsv")
    if not os.path.exists(path):
        return
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6 or "#" not in parts[0] or any(len(x) != 1 or x not in LABELS for x in parts[1:6]):
                print(f"{path}:{n}: expected NAME#SEGMENT, then five labels", file=sys.stderr)
                sys.exit(1)
            answer, seg = parts[0].split("#")
            _, gold = parse_labels(os.path.join(answers, answer + ".labels"))
            if gold[int(seg)][0] != parts[5]:
                print(f"{path}:{n}: gold of {parts[0]} is {gold[int(seg)][0]}, not {parts[5]}", file=sys.stderr)
                sys.exit(1)
            rows.append(parts[1:6])
    n = len(rows)
    three = sum(r[1] == r[2] == r[3] for r in rows)
    pairs = [sum(r[a] == r[b] for r in rows) for a, b in ((1, 2), (1, 3), (2, 3))]
    old = sum(r[0] == r[k] for r in rows for k in (1, 2, 3)) / 3
    changed = sum(r[0] != r[4] for r in rows)
    print(f"{title} re-read: {n} sentences, the three readers agree on {three} "
          f"(pairs {pairs[0]}, {pairs[1]}, {pairs[2]}); a reader agreed with the old gold on {old:.1f} "
          f"on average; gold changed on {changed}")


if __name__ == "__main__":
    main()
