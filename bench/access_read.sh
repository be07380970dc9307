#!/usr/bin/env bash
# bench/access_read.sh [FILE.mdb]: how fast mhds reads an Access file, against mdb-export
# (mdbtools) reading the same file in the same run.
#   mhds        `mhds convert FILE OUT.sqlite`: every table read through io/mdb and written to a
#               SQLite IDB (a CSV folder cannot hold the OLE pictures of the Northwind sample)
#   mdb-export  `mdb-export FILE TABLE` for every table, to /dev/null, with the ISO date formats
#               io/mdb uses
# Prints the best of REPEATS runs of each and the ratio mhds / mdb-export (below 1: mhds is faster,
# although it also writes a database).
#
# FILE defaults to the largest file in ../shared/testdata/access beside the checkout. Environment:
# REPEATS (5), MHDS (the binary timed; default build-bench/src/mhds/cli/mhds, else build-release's,
# as bench/README.md builds them). Time it with
# an optimised build: a sanitizer build is several times slower.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
case ${1:-} in
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
esac
samples=$root/../shared/testdata/access
file=${1:-$(ls -S "$samples"/*.mdb "$samples"/*.accdb | head -1)}
repeats=${REPEATS:-5}
mhds=${MHDS:-}
if [ -z "$mhds" ]; then
  mhds=$root/build-bench/src/mhds/cli/mhds
  [ -x "$mhds" ] || mhds=$root/build-release/src/mhds/cli/mhds
fi
command -v mdb-export >/dev/null || { echo "mdb-export not found (Debian package mdbtools)"; exit 1; }
[ -x "$mhds" ] || { echo "no mhds binary at $mhds (set MHDS)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t tables < <(mdb-tables -1 "$file")

now() { date +%s.%N; }
best() {  # best COMMAND...: the fastest of $repeats runs, in seconds
  local fastest="" start end took
  for _ in $(seq "$repeats"); do
    start=$(now)
    "$@"
    end=$(now)
    took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
    if [ -z "$fastest" ] || awk -v t="$took" -v f="$fastest" 'BEGIN { exit !(t < f) }'; then
      fastest=$took
    fi
  done
  echo "$fastest"
}
run_mhds() { "$mhds" convert "$file" "$work/out.sqlite" --force -q; }
run_mdb_export() {
  local t
  for t in "${tables[@]}"; do
    mdb-export -T "%Y-%m-%d %H:%M:%S" -D "%Y-%m-%d" "$file" "$t" >/dev/null
  done
}

run_mhds  # warm the page cache and check that it works
rows=$("$mhds" convert "$file" "$work/out.sqlite" --force --json - | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["rows"])')
t_mhds=$(best run_mhds)
t_export=$(best run_mdb_export)
size=$(stat -c %s "$file")
printf 'file        %s (%d bytes, %d tables, %s rows)\n' "$file" "$size" "${#tables[@]}" "$rows"
printf 'mhds        %.3f s   (%s convert to SQLite)\n' "$t_mhds" "$mhds"
printf 'mdb-export  %.3f s   (every table to /dev/null)\n' "$t_export"
printf 'ratio       %.2f     (mhds / mdb-export, best of %d)\n' \
  "$(awk -v a="$t_mhds" -v b="$t_export" 'BEGIN { print a / b }')" "$repeats"
