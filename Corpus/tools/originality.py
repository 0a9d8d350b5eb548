#!/usr/bin/env python3
"""Find runs of eight words that a folder of new answers shares with the corpus or with
each other, so that writers can reword them before the answers are added.

Usage: python3 Corpus/tools/originality.py DIR [CORPUS_DIR]

Compares every DIR/*.md (the body after any front matter, lower-cased, words of letters,
digits and apostrophes) with every answer in CORPUS_DIR (default: Corpus/answers beside this
script; an answer of the same file name there is taken to be the same answer, already
added) and with the other answers in DIR. Prints one line per shared run and exits 1, or
prints "no shared 8-word runs" and exits 0.
"""
import glob, os, re, sys

RUN = 8


def words(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            text = text[end + 4:]
    return re.findall(r"[a-z0-9']+", text.lower())


def runs(ws):
    return {" ".join(ws[i:i + RUN]) for i in range(len(ws) - RUN + 1)}


def main(argv):
    if not argv or len(argv) > 2:
        sys.exit(__doc__.strip().splitlines()[3])
    folder = os.path.abspath(argv[0])
    corpus = os.path.abspath(argv[1] if len(argv) > 1 else
                             os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "answers"))
    mine = sorted(glob.glob(os.path.join(folder, "*.md")))
    names = {os.path.basename(p) for p in mine}
    seen = {}
    for p in sorted(glob.glob(os.path.join(corpus, "*.md"))):
        # The same answer already added to the corpus is not a copy of itself.
        if os.path.dirname(os.path.abspath(p)) == folder or os.path.basename(p) in names:
            continue
        for r in runs(words(p)):
            seen.setdefault(r, os.path.basename(p))
    own = {p: runs(words(p)) for p in mine}
    shared = 0
    for k, p in enumerate(mine):
        for r in sorted(own[p]):
            if r in seen:
                print("%s shares with %s: %s" % (os.path.basename(p), seen[r], r))
                shared += 1
            for q in mine[:k]:
                if r in own[q]:
                    print("%s shares with %s: %s" % (os.path.basename(p), os.path.basename(q), r))
                    shared += 1
    if shared:
        print("%d shared runs" % shared)
        return 1
    print("no shared 8-word runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
