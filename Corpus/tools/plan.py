#!/usr/bin/env python3
"""Draw a writing round's plan: which answer numbers get which kind of answer, at random
with a fixed seed, before anything is written (Corpus/README.md, "Writing more").

Usage: python3 Corpus/tools/plan.py FIRST SEED OUTDIR

A round is 8 writers x 3 fields x 5 answers, numbered from FIRST. Each field gets exactly
one answer about career plans; 5 of the round's 24 such answers fall on a multiple of 5 (the
held-out numbers, one per field's five). 8 of the 24 have part labels (2 of them held out),
and 24 other answers have them (4 held out): 32 labelled, 6 held out. 8 answers have their
question on the first line. Each writer gets each quality grade (1-5) three times.

Writes OUTDIR/plan-w1.md ... plan-w8.md, one table per writer, and prints the counts.
The thirty-second to fifty-second rounds were drawn with the round's number N as the seed
and FIRST = 6493 + 120 * (N - 32): `6493 32`, `6613 33`, ..., `8893 52`.
"""
import os, random, sys

WRITERS, FIELDS, PER_FIELD = 8, 3, 5


def draw(first, seed):
    """The plan as {number: (writer, field, career, labelled, question_first, grade)}."""
    rng = random.Random(seed)
    fields = [(w, f, [first + w * 15 + f * 5 + k for k in range(PER_FIELD)])
              for w in range(WRITERS) for f in range(FIELDS)]

    def held(ids):
        return [i for i in ids if i % 5 == 0][0]

    held_fields = set(rng.sample(range(len(fields)), 5))
    career = {}
    for n, (w, f, ids) in enumerate(fields):
        h = held(ids)
        career[n] = h if n in held_fields else rng.choice([i for i in ids if i != h])
    careers = sorted(career.values())
    held_career = [c for c in careers if c % 5 == 0]
    other_career = [c for c in careers if c % 5]
    labelled = set(rng.sample(held_career, 2)) | set(rng.sample(other_career, 6))
    numbers = [i for _, _, ids in fields for i in ids]
    non_career = [i for i in numbers if i not in set(careers)]
    labelled |= set(rng.sample([i for i in non_career if i % 5 == 0], 4))
    labelled |= set(rng.sample([i for i in non_career if i % 5], 20))
    question_first = set(rng.sample(numbers, 8))
    grade = {}
    for w in range(WRITERS):
        grades = [1, 2, 3, 4, 5] * 3
        rng.shuffle(grades)
        for i, g in zip([first + w * 15 + k for k in range(15)], grades):
            grade[i] = g
    return {i: (w, f, i in careers, i in labelled, i in question_first, grade[i])
            for (w, f, ids) in fields for i in ids}


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    first, seed, out = int(argv[0]), int(argv[1]), argv[2]
    plan = draw(first, seed)
    os.makedirs(out, exist_ok=True)
    yes = {True: "yes", False: "no"}
    for w in range(WRITERS):
        lines = ["| number | field | career-plan answer | part labels | question on first line | grade |",
                 "|---|---|---|---|---|---|"]
        for i in sorted(n for n, p in plan.items() if p[0] == w):
            _, f, c, l, q, g = plan[i]
            lines.append("| a%d | field %d | %s | %s | %s | %d |" % (i, f + 1, yes[c], yes[l], yes[q], g))
        with open(os.path.join(out, "plan-w%d.md" % (w + 1)), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    p = plan.values()
    print("%d answers: %d about career plans (%d held out), %d labelled (%d held out, %d about career plans), "
          "%d with the question first"
          % (len(plan), sum(x[2] for x in p), sum(x[2] for i, x in plan.items() if i % 5 == 0),
             sum(x[3] for x in p), sum(x[3] for i, x in plan.items() if i % 5 == 0),
             sum(x[2] and x[3] for x in p), sum(x[4] for x in p)))


if __name__ == "__main__":
    main(sys.argv[1:])
