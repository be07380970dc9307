#!/usr/bin/env python3
"""Writes a damaged copy of a CSV submission folder: cells replaced by awkward values (impossible
dates, huge numbers, formulas, markup, 5,000-character strings, non-ASCII), rows repeated, tables
emptied or dropped. Deterministic for a seed. Usage: mutate_submission.py SOURCE OUT SEED"""
import csv
import os
import random
import shutil
import sys

AWKWARD = ['', ' ', '0', '-1', '99999999999999999999999', '2026-02-30', '2026-10-31', '9999-12-31',
           '0000-00-00', '2026-10-01T25:00:00', '24:00:00', '\u00e9', '\u00e9' * 4, 'x' * 5000,
           '=1+1', '<b>', '"', ',', 'SR1001', 'RX1P0001', 'CC2001', '9434765919', '0000000000',
           'D05', '05', 'ZZ', '1082621000000104', '1.5', '-0.0', '+3', 'NaN', '1e309', '\t',
           'A' * 21]


def main(source, out, seed):
    rnd = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for name in sorted(os.listdir(source)):
        if not name.endswith('.csv'):
            continue
        with open(os.path.join(source, name), encoding='utf-8', newline='') as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        for row in body:
            for i in range(len(row)):
                if rnd.random() < 0.15:
                    row[i] = rnd.choice(AWKWARD)
        if body and rnd.random() < 0.3:
            body.append(list(rnd.choice(body)))
        if rnd.random() < 0.05:
            body = []
        if rnd.random() < 0.03:
            continue  # the table is missing altogether
        with open(os.path.join(out, name), 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows([header] + body)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
