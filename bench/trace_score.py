#!/usr/bin/env python3
"""Scores traced request files against the generator's truth without tracing them again.

    trace_score.py RESPONSE EXPECTED EXPLAIN.jsonl [RESPONSE EXPECTED EXPLAIN.jsonl ...]

RESPONSE is what `mhds trace --out` wrote, EXPECTED the truth `mhds trace generate` wrote
(UNIQUE_REFERENCE,EXPECTED_NHS_NO[,CORRUPTION]), EXPLAIN.jsonl what `--explain-jsonl` wrote (for
the deciding step). The counts are those of `mhds trace evaluate`: a row is correct when answered
with the expected number, wrong when answered with another (or with any where none was
expected), ambiguous when its code is 97; precision is correct / answered and recall correct /
rows with an expected number. Prints the totals, then one line per deciding step.
"""
import collections
import csv
import json
import sys


def main(args):
    if len(args) == 0 or len(args) % 3 != 0:
        sys.exit(__doc__)
    steps = collections.defaultdict(collections.Counter)
    total = collections.Counter()
    for i in range(0, len(args), 3):
        response, expected, explain = args[i:i + 3]
        with open(expected, newline="") as f:
            truth = {row[0]: row[1] for row in csv.reader(f) if row and row[0] != "UNIQUE_REFERENCE"}
        with open(explain) as f:
            step_of = {}
            for line in f:
                record = json.loads(line)
                step_of[record["unique_reference"]] = record["step"]
        with open(response, newline="") as f:
            rows = csv.reader(f)
            next(rows)  # the header record
            for row in rows:
                reference, code, number = row[0], row[25], row[26]
                if reference not in truth:
                    continue
                want = truth[reference]
                count = steps[step_of.get(reference, "none")]
                for counter in (count, total):
                    counter["rows"] += 1
                    counter["traceable"] += 1 if want else 0
                    if number:
                        counter["answered"] += 1
                        counter["correct" if number == want else "wrong"] += 1
                    elif code == "97":
                        counter["ambiguous"] += 1
    precision = 100.0 * total["correct"] / max(total["answered"], 1)
    recall = 100.0 * total["correct"] / max(total["traceable"], 1)
    print(f"  answers:     precision {precision:.3f}%, recall {recall:.1f}% of "
          f"{total['traceable']} traceable rows, {total['wrong']} wrong, "
          f"{total['ambiguous']} ambiguous")
    for step in sorted(steps):
        c = steps[step]
        print(f"    {step}: {c['correct']} right, {c['wrong']} wrong, {c['ambiguous']} ambiguous"
              f" (recall {100.0 * c['correct'] / max(total['traceable'], 1):.1f}%)")


if __name__ == "__main__":
    main(sys.argv[1:])
