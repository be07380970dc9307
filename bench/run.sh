#!/usr/bin/env bash
# bench/run.sh [ROWS...]: end-to-end speed of `mhds validate` on synthetic MHSDS v6.0 submissions,
# against two baselines timed in the same run on the same files:
#   cat      reading every CSV byte to /dev/null (the physical floor)
#   sqlite3  bench/sqlite_baseline.sql: import the CSVs, then the same kinds of checks in SQL
# and a check that mhds and sqlite3 agree on what they reject. See bench/README.md.
#
# ROWS defaults to "100000 1000000". Environment: SEED (42), DEFECT_RATE (0.01), REPEATS (3; the
# fastest run counts), BUILD (build-bench), KEEP_OUT=0 to delete each generated folder after use.
# Submissions are generated once into bench/out/ and reused.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
build=${BUILD:-$root/build-bench}
spec=$root/specs/mhsds/6.0
seed=${SEED:-42}
defect_rate=${DEFECT_RATE:-0.01}
repeats=${REPEATS:-3}
period=2026-10
mhds=$build/src/mhds/cli/mhds
generator=$build/bench/mhds_make_submission
if (($# == 0)); then set -- 100000 1000000; fi

# Tools: GNU time (for peak memory), sqlite3, jq. Installed when missing and we may.
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v jq >/dev/null || missing+=(jq)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi
for binary in "$mhds" "$generator"; do
  if [[ ! -x $binary ]]; then
    echo "missing $binary; build it first:" >&2
    echo "  cmake -S $root -B $build -DCMAKE_BUILD_TYPE=Release -DMHDS_BUILD_TESTS=OFF" \
      "-DMHDS_BUILD_BENCH=ON && cmake --build $build -j2" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed NAME MAX_OK CMD...: runs CMD $repeats times; sets best_seconds (fastest wall time, from a
# nanosecond clock because /usr/bin/time rounds to 10 ms) and best_mb (peak RSS of that run, from
# /usr/bin/time). An exit code above MAX_OK stops the script (mhds validate exits 0, 1 or 2 as
# normal outcomes).
timed() {
  local name=$1 max_ok=$2
  shift 2
  best_seconds=
  best_mb=
  local i start end rc seconds
  for ((i = 0; i < repeats; i++)); do
    start=$(date +%s%N)
    rc=0
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" || rc=$?
    end=$(date +%s%N)
    if ((rc > max_ok)); then
      echo "$name failed with exit code $rc" >&2
      exit 1
    fi
    seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }')
    if [[ -z $best_seconds ]] || awk -v a="$seconds" -v b="$best_seconds" 'BEGIN { exit !(a < b) }'; then
      best_seconds=$seconds
      best_mb=$(awk '{ printf "%.0f", $NF / 1024 }' "$work/time")
    fi
  done
}

# agreement DIR MHDS_JSON SQLITE_OUT: per table and kind of check, the rows mhds and sqlite3
# reject (root: before the cascade), then the rows each rejects in the end.
agreement() {
  local dir=$1 json=$2 sql_out=$3
  jq -r '.findings[] | [.table, .code, (.item // ""), .severity,
                        (if .cause == null then 1 else 0 end), .row] | @csv' "$json" \
    >"$work/findings.csv"
  jq -r '.tables[] | select(.present) | [.idb_name, .received, .rejected] | @csv' "$json" >"$work/tables.csv"
  grep '^root,' "$sql_out" | cut -d, -f2- >"$work/sql_root.csv" || true
  grep '^table,' "$sql_out" | cut -d, -f2- >"$work/sql_tables.csv"
  sqlite3 :memory: \
    ".import --csv $spec/rules.csv rules" \
    ".import --csv $spec/items.csv items" \
    ".import --csv $spec/tables.csv spec_tables" \
    "CREATE TABLE f(tbl, code, item, severity, root INT, row INT);" \
    ".import --csv $work/findings.csv f" \
    "CREATE TABLE t(tbl, received INT, rejected INT);" \
    ".import --csv $work/tables.csv t" \
    "CREATE TABLE s(tbl, kind, n INT);" \
    ".import --csv $work/sql_root.csv s" \
    "CREATE TABLE st(tbl, received INT, rejected INT);" \
    ".import --csv $work/sql_tables.csv st" \
    "CREATE TABLE g(tbl, rows INT, bad_date INT, blank_mandatory INT, invalid_code INT,
                    duplicate_contact_id INT, missing_referral INT);" \
    ".import --csv --skip 1 $dir.generated.csv g" \
    "CREATE TABLE k AS
     SELECT f.tbl, f.row,
            CASE WHEN r.kind = 'format' AND i.type = 'date' THEN 'date'
                 WHEN r.kind = 'format' AND i.type = 'nhs_number' THEN 'nhs_number'
                 WHEN r.kind = 'code' OR f.severity = 'rejected' THEN r.kind
                 ELSE r.kind || ' (warning)' END AS kind, f.root
       FROM f JOIN (SELECT DISTINCT code, \"table\" AS tc, item, kind FROM rules) r ON r.code = f.code
       LEFT JOIN items i ON i.\"table\" = r.tc AND i.short_name = r.item;" \
    "CREATE TABLE m AS SELECT tbl, kind, count(DISTINCT row) AS n FROM k
      WHERE root = 1 OR kind NOT IN ('parent', 'has_child') GROUP BY 1, 2;" \
    ".mode list" ".separator |" \
    "SELECT printf('  %-26s %-24s %9s %9s %9s', 'table', 'check', 'injected', 'mhds', 'sqlite3');" \
    "WITH kinds AS (SELECT tbl, kind FROM m UNION SELECT tbl, kind FROM s),
          injected AS (SELECT tbl, 'date' AS kind, bad_date AS n FROM g
                       UNION ALL SELECT tbl, 'blank', blank_mandatory FROM g
                       UNION ALL SELECT tbl, 'code', invalid_code FROM g
                       UNION ALL SELECT tbl, 'duplicate', 2 * duplicate_contact_id FROM g
                       UNION ALL SELECT tbl, 'parent', missing_referral FROM g)
     SELECT printf('  %-26s %-24s %9s %9d %9d', kinds.tbl, kinds.kind,
                   coalesce((SELECT CAST(n AS TEXT) FROM injected j
                              WHERE j.tbl = kinds.tbl AND j.kind = kinds.kind), '-'),
                   coalesce((SELECT n FROM m WHERE m.tbl = kinds.tbl AND m.kind = kinds.kind), 0),
                   coalesce((SELECT n FROM s WHERE s.tbl = kinds.tbl AND s.kind = kinds.kind), 0))
       FROM kinds ORDER BY 1;" \
    "SELECT printf('  %-26s %-24s %9s %9d %9d', t.tbl, 'REJECTED (after cascade)', '', t.rejected,
                   coalesce(st.rejected, -1))
       FROM t LEFT JOIN st ON st.tbl = t.tbl ORDER BY t.tbl;"
}

read -r load _ </proc/loadavg
echo "mhds bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB, load $load, seed $seed," \
  "defect rate $defect_rate, best of $repeats"
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n * 0.75) }'; then
  echo "warning: the machine is busy (load $load): absolute figures will be low, ratios less so" >&2
fi
for rows in "$@"; do
  dir=$bench_dir/out/rows-$rows-seed-$seed-defects-$defect_rate
  mkdir -p "$bench_dir/out"
  if [[ ! -f $dir.generated.csv ]]; then
    start=$(date +%s%N)
    "$generator" --spec "$spec" --out "$dir" --rows "$rows" --seed "$seed" \
      --defect-rate "$defect_rate" --period "$period" >"$dir.generated.tmp" 2>/dev/null
    mv "$dir.generated.tmp" "$dir.generated.csv"
    end=$(date +%s%N)
    awk -v n="$rows" -v ns=$((end - start)) \
      'BEGIN { printf "generated %d rows in %.2f s (%.2f M rows/s)\n", n, ns / 1e9, n / ns * 1e3 }'
  fi
  bytes=$(cat "$dir"/*.csv | wc -c)
  cat "$dir"/*.csv >/dev/null  # into the page cache before any timing

  printf '\n%s rows, %.1f MB, %s\n' "$rows" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$dir"
  # shellcheck disable=SC2016  # the inner shell expands $0 and $1, on purpose
  timed cat 0 sh -c 'cat "$0"/*.csv >/dev/null' "$dir"
  cat_s=$best_seconds cat_mb=$best_mb
  timed mhds 2 "$mhds" validate "$dir" --spec "$spec" --period "$period" \
    --uploaded-at 2026-11-05T10:00:00 --org RX1 --json "$work/mhds.json" -q
  mhds_s=$best_seconds mhds_mb=$best_mb
  # A fresh database file each time, written from inside the submission folder.
  # shellcheck disable=SC2016
  timed sqlite3 0 sh -c 'rm -f "$1" && cd "$0" &&
    exec sqlite3 "$1" -bail -cmd ".import --csv $2 codes" <"$3" >"$4"' \
    "$dir" "$work/baseline.db" "$spec/codes.csv" "$bench_dir/sqlite_baseline.sql" "$work/sqlite.out"
  sqlite_s=$best_seconds sqlite_mb=$best_mb

  printf '  %-8s %9s %12s %9s %8s %14s\n' tool seconds rows/s MB/s 'peak MB' 'x mhds time'
  for tool in cat mhds sqlite3; do
    case $tool in
      cat) s=$cat_s mb=$cat_mb ;;
      mhds) s=$mhds_s mb=$mhds_mb ;;
      sqlite3) s=$sqlite_s mb=$sqlite_mb ;;
    esac
    awk -v t=$tool -v s="$s" -v mb="$mb" -v n="$rows" -v b="$bytes" -v m="$mhds_s" \
      'BEGIN { printf "  %-8s %9.3f %12.0f %9.0f %8d %14.2f\n", t, s, n / s, b / 1e6 / s, mb, s / m }'
  done
  echo "  agreement (rows; 'injected' = defects the generator wrote):"
  agreement "$dir" "$work/mhds.json" "$work/sqlite.out"
  if [[ ${KEEP_OUT:-1} == 0 ]]; then rm -rf "$dir" "$dir.generated.csv"; fi
done
