#!/usr/bin/env bash
# bench/baselines/traps_test.sh: do the baselines fall into the traps of their tools? Writes a
# small clean submission with `mhds generate`, plants values that SQL engines, DuckDB casts
# and pandas readers are known to misjudge (see the header comments of each baseline), then
# checks that sqlite3, DuckDB and pandas print the same counts, and that each rejects, table by
# table, the rows mhds rejects. Run bench/run.sh --setup first.
#
#   bench/baselines/traps_test.sh     (environment: BUILD, MHDS as for bench/run.sh)
# Exit status 0 when everything agrees, 1 otherwise.
set -euo pipefail

baselines=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$(dirname "$baselines")")
build=${BUILD:-$root/build-bench}
mhds=${MHDS:-$build/src/mhds/cli/mhds}
spec=$root/specs/mhsds/6.0
work=$(mktemp -d)
trap '[[ -n ${KEEP_WORK:-} ]] || rm -rf "$work"' EXIT
dir=$work/submission

"$mhds" generate --spec "$spec" --shape "$root/bench/generate.csv" --out "$dir" --rows 2000 \
  --seed 7 --period 2026-10 -q
# TABLE ITEM VALUE, one row each, from the second data row on. The dates must fail in every tool;
# 'NA' is an invalid EthnicCategory code that pandas reads as missing unless told otherwise. No
# bad NHS Number: mhds rejects the whole file for one (MHSREJ905), the baselines only the row.
/usr/bin/python3 - "$dir" <<'EOF'
import csv, os, sys
traps = [
    ('MHS201CareContact', 'CareContDate', '2026-10-5'),         # DuckDB casts, strptime %d
    ('MHS201CareContact', 'CareContDate', ' 2026-10-05'),       # DuckDB casts
    ('MHS201CareContact', 'CareContDate', '2026-10-05 10:00'),  # DuckDB casts
    ('MHS201CareContact', 'CareContDate', '02026-10-05'),       # DuckDB casts
    ('MHS201CareContact', 'CareContDate', '2026-02-30'),        # SQLite date()
    ('MHS101Referral', 'ReferralRequestReceivedDate', '2023-02-29'),
    ('MHS002GP', 'StartDateGMPRegistration', '2026-9-01'),
    ('MHS001MPI', 'EthnicCategory', 'NA'),
    ('MHS001MPI', 'EthnicCategory', '01'),                      # a code that reads as a number
]
row_of = {}
for table, item, value in traps:
    path = os.path.join(sys.argv[1], table + '.csv')
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    row_of[table] = row_of.get(table, 1) + 1
    rows[row_of[table]][rows[0].index(item)] = value
    with open(path, 'w', newline='') as f:
        csv.writer(f, lineterminator='\n').writerows(rows)
EOF

rc=0
uploaded_at=$(jq -r .uploaded_at "$dir/expected.json")
"$mhds" validate "$dir" --spec "$spec" --period 2026-10 --uploaded-at "$uploaded_at" \
  --org RX1 --json "$work/mhds.json" -q || rc=$?
if ((rc > 2)); then
  echo "mhds validate failed with exit code $rc" >&2
  exit 1
fi
(cd "$dir" && sqlite3 "$work/sqlite.db" -bail -cmd ".import --csv $spec/codes.csv codes" \
  <"$root/bench/sqlite_baseline.sql" | tr -d '\r"' >"$work/sqlite3.out")
node "$baselines/duckdb_checks.mjs" "$dir" "$spec" 1 >"$work/duckdb.out"
/usr/bin/python3 "$baselines/pandas_checks.py" "$dir" "$spec" >"$work/pandas.out"

status=0
for tool in duckdb pandas; do
  if ! diff -u "$work/sqlite3.out" "$work/$tool.out" >&2; then
    echo "FAIL: $tool and sqlite3 print different counts" >&2
    status=1
  fi
done
jq -r '.tables[] | select(.present) | "table,\(.idb_name),\(.received),\(.rejected)"' \
  "$work/mhds.json" | sort >"$work/mhds.tables"
grep '^table,' "$work/sqlite3.out" | sort >"$work/sqlite3.tables"
if ! diff -u "$work/mhds.tables" "$work/sqlite3.tables" >&2; then
  echo "FAIL: the baselines do not reject the rows mhds rejects" >&2
  status=1
fi
# Every planted value was seen: 7 bad dates, 2 codes.
for expected in MHS201CareContact,date,5 MHS101Referral,date,1 MHS002GP,date,1 MHS001MPI,code,2; do
  if ! grep -qx "root,$expected" "$work/sqlite3.out"; then
    echo "FAIL: expected root,$expected" >&2
    status=1
  fi
done
if ((status == 0)); then echo "traps_test: sqlite3, duckdb and pandas agree with mhds"; fi
exit $status
