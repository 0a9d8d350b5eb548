#!/usr/bin/env python3
"""Agreement between the gold labels and a second, independent annotator.

Usage: python3 Corpus/tools/agreement.py [AGREEMENT_DIR] [ANSWERS_DIR]
       (defaults: Corpus/agreement, Corpus/answers)

Each `NAME.labels` in AGREEMENT_DIR holds the second annotator's labels, one line per
sentence (`LABEL | text`, the text a verbatim piece of `ANSWERS_DIR/NAME.md`). Every
such sentence takes the gold label of the gold segment it overlaps most (by characters
of the answer), as `starlint eval` does for its own sentences. Prints macro-F1 over
S/T/A/R, per-label F1, raw agreement and the confusion table (rows gold).
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
    for name in sorted(os.listdir(agreement)):
        if not name.endswith(".labels"):
            continue
        files += 1
        md = open(os.path.join(answers, name[:-7] + ".md"), encoding="utf-8").read()
        _, gold = parse_labels(os.path.join(answers, name))
        _, second = parse_labels(os.path.join(agreement, name))
        gold_spans = spans(md, [t for _, t, _ in gold])
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


if __name__ == "__main__":
    main()
