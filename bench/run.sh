#!/usr/bin/env bash
# bench/run.sh [ROWS...]: end-to-end speed of `mhds validate` on synthetic MHSDS v6.0 submissions,
# against baselines timed in the same run on the same files:
#   cat        reading every CSV byte to /dev/null (the physical floor)
#   sqlite3    bench/sqlite_baseline.sql: import the CSVs, then the same kinds of checks in SQL
#   duckdb     bench/baselines/duckdb_checks.mjs (npm @duckdb/node-api), 1 thread and the default
#   pandas     bench/baselines/pandas_checks.py (Debian's python3-pandas)
# and a check that every baseline rejects what mhds rejects. See bench/README.md.
#
#   bench/run.sh [ROWS...]   ROWS defaults to "100000 1000000"
#   bench/run.sh --setup     install the tools and the npm packages, then stop
#
# Environment: SEED (42), DEFECT_RATE (0.01, the chance that a patient carries a defect), REPEATS
# (3; the fastest run counts), BUILD (build-bench), MHDS (the mhds binary timed;
# $BUILD/src/mhds/cli/mhds), KEEP_OUT=0 to delete each generated folder after use. Submissions are
# generated once into bench/out/ by `mhds generate` with the shape bench/generate.csv and
# defects of the kinds the baselines check, and reused while the binary's generator writes the
# same bytes (each folder's .generator-stamp is a hash of what it writes for 300 rows). The table
# of each size is merged into bench/out/results.{json,md}.
# Exit status 0; 1 when a tool fails or a baseline disagrees with mhds.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
build=${BUILD:-$root/build-bench}
spec=$root/specs/mhsds/6.0
seed=${SEED:-42}
defect_rate=${DEFECT_RATE:-0.01}
repeats=${REPEATS:-3}
period=2026-10
mhds=${MHDS:-$build/src/mhds/cli/mhds}
shape=$bench_dir/generate.csv
baselines=$bench_dir/baselines
python=/usr/bin/python3  # Debian's, where python3-pandas installs (not a pyenv or venv one)
out=$bench_dir/out
setup_only=0
case ${1:-} in
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
  --setup) setup_only=1 && shift ;;
esac
if (($# == 0)); then set -- 100000 1000000; fi

# Tools: GNU time (for peak memory), sqlite3, jq, Node and npm, pandas. Installed when missing.
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v jq >/dev/null || missing+=(jq)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
"$python" -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi
# The DuckDB package, exactly as locked, when node_modules is missing or older than the lock.
if [[ ! -f $baselines/node_modules/.package-lock.json ||
  $baselines/package-lock.json -nt $baselines/node_modules/.package-lock.json ]]; then
  echo "npm ci in $baselines" >&2
  (cd "$baselines" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
if ((setup_only)); then exit 0; fi

if [[ ! -x $mhds ]]; then
  echo "missing $mhds; build it first:" >&2
  echo "  cmake -S $root -B $build -DCMAKE_BUILD_TYPE=Release -DMHDS_BUILD_TESTS=OFF" \
    "&& cmake --build $build -j2 --target mhds" >&2
  exit 1
fi
for rows in "$@"; do
  if [[ ! $rows =~ ^[1-9][0-9]*$ ]]; then
    echo "ROWS must be positive whole numbers, not '$rows' (see bench/run.sh --help)" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The rules planted: those of the kinds every baseline checks (a bad date, a blank mandatory
# item, a code, a duplicate key, a missing parent or child), among those `mhds generate` can
# plant under the bench shape. The generator draws each patient's defect from this list.
"$mhds" generate --spec "$spec" --shape "$shape" --list-defects |
  awk -F'\t' '$4 == "plantable" { print $1 }' >"$work/plantable.txt"
defect_codes=$(sqlite3 :memory: \
  ".import --csv $spec/rules.csv rules" ".import --csv $spec/items.csv items" \
  "CREATE TABLE p(code);" ".import $work/plantable.txt p" \
  "SELECT group_concat(code) FROM (
     SELECT DISTINCT r.code FROM rules r JOIN p ON p.code = r.code
       LEFT JOIN items i ON i.\"table\" = r.\"table\" AND i.short_name = r.item
      WHERE (r.kind = 'format' AND i.type = 'date') OR (r.kind = 'blank' AND i.mandation = 'M')
         OR r.kind IN ('code', 'duplicate', 'parent', 'has_child')
      ORDER BY r.code);")
if [[ -z $defect_codes ]]; then
  echo "mhds generate can plant none of the rules the baselines check" >&2
  exit 1
fi

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
    if [[ -z $best_seconds ]] ||
      awk -v a="$seconds" -v b="$best_seconds" 'BEGIN { exit !(a < b) }'; then
      best_seconds=$seconds
      best_mb=$(awk '{ printf "%.0f", $NF / 1024 }' "$work/time")
    fi
  done
}

# The baselines, in the order of the agreement table; each prints root,TABLE,KIND,ROWS and
# table,TABLE,RECEIVED,REJECTED lines into $work/NAME.out.
baseline_names=(sqlite3 duckdb pandas)

# agreement DIR MHDS_JSON: per table and kind of check, the rows mhds and each baseline reject
# (root: before the cascade), then the rows each rejects in the end. Writes the number of counts
# that differ from mhds into $work/differences.
agreement() {
  local dir=$1 json=$2 name
  jq -r '.findings[] | [.table, .code, (.item // ""), .severity,
                        (if .cause == null then 1 else 0 end), .row] | @csv' "$json" \
    >"$work/findings.csv"
  jq -r '.tables[] | select(.present) | [.idb_name, .received, .rejected] | @csv' "$json" \
    >"$work/tables.csv"
  : >"$work/base_root.csv"
  : >"$work/base_tables.csv"
  for name in "${baseline_names[@]}"; do
    # sqlite3 writes CRLF and may quote; the kinds hold no comma.
    tr -d '\r"' <"$work/$name.out" |
      awk -F, -v OFS=, -v tool="$name" -v roots="$work/base_root.csv" \
      '$1 == "root" { print tool, $2, $3, $4 >>roots } $1 == "table" { print tool, $2, $3, $4 }' \
      >>"$work/base_tables.csv"
  done
  sqlite3 :memory: \
    ".import --csv $spec/rules.csv rules" \
    ".import --csv $spec/items.csv items" \
    "CREATE TABLE f(tbl, code, item, severity, root INT, row INT);" \
    ".import --csv $work/findings.csv f" \
    "CREATE TABLE t(tbl, received INT, rejected INT);" \
    ".import --csv $work/tables.csv t" \
    "CREATE TABLE s(tool, tbl, kind, n INT);" \
    ".import --csv $work/base_root.csv s" \
    "CREATE TABLE st(tool, tbl, received INT, rejected INT);" \
    ".import --csv $work/base_tables.csv st" \
    "CREATE TABLE g(tbl, code, rows INT);" \
    ".import --csv $work/planted.csv g" \
    "CREATE TABLE k AS
     SELECT f.tbl, f.row,
            CASE WHEN r.kind = 'format' AND i.type = 'date' THEN 'date'
                 WHEN r.kind = 'format' AND i.type = 'nhs_number' THEN 'nhs_number'
                 WHEN r.kind = 'code' OR f.severity = 'rejected' THEN r.kind
                 ELSE r.kind || ' (warning)' END AS kind, f.root
       FROM f
       JOIN (SELECT DISTINCT code, \"table\" AS tc, item, kind FROM rules) r ON r.code = f.code
       LEFT JOIN items i ON i.\"table\" = r.tc AND i.short_name = r.item;" \
    "CREATE TABLE m AS SELECT tbl, kind, count(DISTINCT row) AS n FROM k
      WHERE root = 1 OR kind NOT IN ('parent', 'has_child') GROUP BY 1, 2;" \
    "CREATE TABLE kinds AS SELECT tbl, kind FROM m UNION SELECT tbl, kind FROM s;" \
    "CREATE TABLE injected AS
     SELECT g.tbl,
            CASE WHEN r.kind = 'format' AND i.type = 'date' THEN 'date'
                 WHEN r.kind = 'code' OR r.severity = 'reject' THEN r.kind
                 ELSE r.kind || ' (warning)' END AS kind, sum(g.rows) AS n
       FROM g
       JOIN (SELECT DISTINCT code, \"table\" AS tc, item, kind, severity FROM rules) r
         ON r.code = g.code
       LEFT JOIN items i ON i.\"table\" = r.tc AND i.short_name = r.item
      GROUP BY 1, 2;" \
    "CREATE TABLE root_counts AS
     SELECT kinds.tbl, kinds.kind,
            coalesce((SELECT CAST(n AS TEXT) FROM injected j
                       WHERE j.tbl = kinds.tbl AND j.kind = kinds.kind), '-') AS injected,
            coalesce((SELECT n FROM m WHERE m.tbl = kinds.tbl AND m.kind = kinds.kind), 0) AS mhds,
            coalesce((SELECT n FROM s WHERE s.tool = 'sqlite3' AND s.tbl = kinds.tbl
                         AND s.kind = kinds.kind), 0) AS sqlite3,
            coalesce((SELECT n FROM s WHERE s.tool = 'duckdb' AND s.tbl = kinds.tbl
                         AND s.kind = kinds.kind), 0) AS duckdb,
            coalesce((SELECT n FROM s WHERE s.tool = 'pandas' AND s.tbl = kinds.tbl
                         AND s.kind = kinds.kind), 0) AS pandas
       FROM kinds;" \
    "CREATE TABLE table_counts AS
     SELECT t.tbl, t.received, t.rejected AS mhds,
            (SELECT rejected FROM st WHERE tool = 'sqlite3' AND st.tbl = t.tbl) AS sqlite3,
            (SELECT rejected FROM st WHERE tool = 'duckdb' AND st.tbl = t.tbl) AS duckdb,
            (SELECT rejected FROM st WHERE tool = 'pandas' AND st.tbl = t.tbl) AS pandas,
            (SELECT count(*) FROM st WHERE st.tbl = t.tbl AND st.received IS NOT t.received)
              AS received_differ
       FROM t;" \
    ".mode list" ".separator |" \
    "SELECT printf('  %-26s %-24s %8s %8s %8s %8s %8s', 'table', 'check', 'injected', 'mhds',
                   'sqlite3', 'duckdb', 'pandas');" \
    "SELECT printf('  %-26s %-24s %8s %8d %8d %8d %8d%s', tbl, kind, injected, mhds, sqlite3,
                   duckdb, pandas,
                   CASE WHEN mhds = sqlite3 AND mhds = duckdb AND mhds = pandas THEN ''
                        ELSE '  <- differs' END)
       FROM root_counts ORDER BY tbl, kind;" \
    "SELECT printf('  %-26s %-24s %8s %8d %8d %8d %8d%s', tbl, 'REJECTED (after cascade)', '',
                   mhds, coalesce(sqlite3, -1), coalesce(duckdb, -1), coalesce(pandas, -1),
                   CASE WHEN mhds IS sqlite3 AND mhds IS duckdb AND mhds IS pandas
                             AND received_differ = 0 THEN ''
                        ELSE '  <- differs' END)
       FROM table_counts ORDER BY tbl;" \
    ".once $work/differences" \
    "SELECT (SELECT count(*) FROM root_counts
              WHERE NOT (mhds = sqlite3 AND mhds = duckdb AND mhds = pandas))
          + (SELECT count(*) FROM table_counts
              WHERE NOT (mhds IS sqlite3 AND mhds IS duckdb AND mhds IS pandas
                         AND received_differ = 0));"
}

read -r load _ </proc/loadavg
cores=$(nproc)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory_gib=$(free -g | awk '/^Mem:/ { print $2 }')
duckdb_version=$(node -p "require('$baselines/node_modules/@duckdb/node-api/package.json').version")
pandas_version=$("$python" -c 'import pandas; print(pandas.__version__)')
sqlite_version=$(sqlite3 --version | cut -d' ' -f1)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- src specs 2>/dev/null) ]]; then
  commit+="+changes"
fi
echo "mhds bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), $cores cores, $memory_gib GiB, load $load," \
  "seed $seed, defect rate $defect_rate, best of $repeats; mhds $commit, sqlite3 $sqlite_version," \
  "duckdb $duckdb_version (node $(node --version)), pandas $pandas_version"
if awk -v l="$load" -v n="$cores" 'BEGIN { exit !(l > n * 0.75) }'; then
  echo "warning: the machine is busy (load $load): absolute figures will be low, ratios less so" >&2
fi
mkdir -p "$out"
: >"$work/results.tsv"
disagreements=0
for rows in "$@"; do
  dir=$out/rows-$rows-seed-$seed-defects-$defect_rate
  defects=()
  if awk -v r="$defect_rate" 'BEGIN { exit !(r > 0) }'; then
    defects=(--defects "$defect_codes")
  fi
  # A folder made by another generator (or from another spec) is made again: it is stamped with
  # a hash of what this binary generates for 300 rows with the same settings.
  rm -rf "$work/stamp"
  "$mhds" generate --spec "$spec" --shape "$shape" --out "$work/stamp" --rows 300 \
    --seed "$seed" --defect-rate "$defect_rate" "${defects[@]}" --period "$period" -q
  stamp=$(cat "$work/stamp"/* | sha256sum | cut -d' ' -f1)
  if [[ ! -f $dir/expected.json || $(cat "$dir/.generator-stamp" 2>/dev/null) != "$stamp" ]]; then
    rm -rf "$dir"
    "$mhds" generate --spec "$spec" --shape "$shape" --out "$dir" --rows "$rows" \
      --seed "$seed" --defect-rate "$defect_rate" "${defects[@]}" --period "$period" |
      sed -n 1p
    echo "$stamp" >"$dir/.generator-stamp"
  fi
  # The rows of each planted defect, by table and rule, for the agreement table.
  jq -r '.defects[] | [.table, .code, (.rows | length)] | @csv' "$dir/expected.json" \
    >"$work/planted.csv"
  rows=$(jq '[.rows[]] | add' "$dir/expected.json")
  bytes=$(cat "$dir"/*.csv | wc -c)
  cat "$dir"/*.csv >/dev/null  # into the page cache before any timing
  read -r load_before _ </proc/loadavg

  printf '\n%s rows, %.1f MB, %s\n' "$rows" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$dir"
  # Each tool appends "TOOL SECONDS PEAK_MB" to $work/size.tsv.
  : >"$work/size.tsv"
  # shellcheck disable=SC2016  # the inner shell expands $0 and $1, on purpose
  timed cat 0 sh -c 'cat "$0"/*.csv >/dev/null' "$dir"
  echo "cat $best_seconds $best_mb" >>"$work/size.tsv"
  timed mhds 2 "$mhds" validate "$dir" --spec "$spec" --period "$period" \
    --uploaded-at "$(jq -r .uploaded_at "$dir/expected.json")" --org RX1 --json "$work/mhds.json" -q
  echo "mhds $best_seconds $best_mb" >>"$work/size.tsv"
  # A fresh database file each time, written from inside the submission folder.
  # shellcheck disable=SC2016
  timed sqlite3 0 sh -c 'rm -f "$1" && cd "$0" &&
    exec sqlite3 "$1" -bail -cmd ".import --csv $2 codes" <"$3" >"$4"' \
    "$dir" "$work/baseline.db" "$spec/codes.csv" "$bench_dir/sqlite_baseline.sql" \
    "$work/sqlite3.out"
  echo "sqlite3 $best_seconds $best_mb" >>"$work/size.tsv"
  rm -f "$work/baseline.db"
  # DuckDB with 1 thread, then with its default (one per core; THREADS '' below).
  # shellcheck disable=SC2016
  timed duckdb 0 sh -c 'exec node "$0" "$1" "$2" "$3" >"$4"' \
    "$baselines/duckdb_checks.mjs" "$dir" "$spec" 1 "$work/duckdb.out"
  echo "duckdb-1t $best_seconds $best_mb" >>"$work/size.tsv"
  # shellcheck disable=SC2016
  timed duckdb 0 sh -c 'exec node "$0" "$1" "$2" "$3" >"$4"' \
    "$baselines/duckdb_checks.mjs" "$dir" "$spec" '' "$work/duckdb-default.out"
  echo "duckdb-${cores}t $best_seconds $best_mb" >>"$work/size.tsv"
  # shellcheck disable=SC2016
  timed pandas 0 sh -c 'exec "$0" "$1" "$2" "$3" >"$4"' \
    "$python" "$baselines/pandas_checks.py" "$dir" "$spec" "$work/pandas.out"
  echo "pandas $best_seconds $best_mb" >>"$work/size.tsv"
  read -r load_after _ </proc/loadavg

  printf '  %-10s %9s %12s %9s %8s %12s\n' tool seconds rows/s MB/s 'peak MB' 'x mhds time'
  awk -v n="$rows" -v b="$bytes" '
    { tool[NR] = $1; s[NR] = $2; mb[NR] = $3; if ($1 == "mhds") m = $2 }
    END { for (i = 1; i <= NR; i++)
            printf "  %-10s %9.3f %12.0f %9.0f %8d %12.2f\n", tool[i], s[i], n / s[i],
                   b / 1e6 / s[i], mb[i], s[i] / m }' "$work/size.tsv"

  echo "  agreement (rows; 'injected' = defects the generator wrote):"
  agreement "$dir" "$work/mhds.json"
  differences=$(cat "$work/differences")
  if ! cmp -s "$work/duckdb.out" "$work/duckdb-default.out"; then
    echo "  duckdb with ${cores} threads printed other counts than with 1 thread" >&2
    differences=$((differences + 1))
  fi
  if ((differences)); then
    echo "  DISAGREEMENT: $differences counts differ from mhds's (marked above)"
    disagreements=$((disagreements + differences))
  else
    echo "  every baseline agrees with mhds"
  fi
  awk -v OFS='\t' -v rows="$rows" -v bytes="$bytes" -v at="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -v lb="$load_before" -v la="$load_after" -v agree=$((differences == 0)) \
    '{ print rows, bytes, at, lb, la, agree, $1, $2, $3 }' "$work/size.tsv" >>"$work/results.tsv"
  if [[ ${KEEP_OUT:-1} == 0 ]]; then rm -rf "$dir"; fi
done

# bench/out/results.json: the latest measurement at each size and settings (this run's replace
# earlier ones), and bench/out/results.md, the same as a Markdown table.
jq -R -s --arg cores "$cores" --arg cpu "$cpu" --arg memory "$memory_gib" --arg commit "$commit" \
  --arg seed "$seed" --arg defect_rate "$defect_rate" --arg repeats "$repeats" \
  --arg sqlite "$sqlite_version" --arg duckdb "$duckdb_version" \
  --arg pandas "$pandas_version" --arg node "$(node --version)" --arg binary "$mhds" '
  split("\n") | map(select(length > 0) | split("\t")) | group_by(.[0] | tonumber)
  | map({rows: (.[0][0] | tonumber), csv_bytes: (.[0][1] | tonumber), measured_at: .[0][2],
         load_before: (.[0][3] | tonumber), load_after: (.[0][4] | tonumber),
         baselines_agree_with_mhds: (.[0][5] == "1"),
         machine: {cores: ($cores | tonumber), cpu: $cpu, memory_gib: ($memory | tonumber)},
         settings: {seed: ($seed | tonumber), defect_rate: ($defect_rate | tonumber),
                    repeats: ($repeats | tonumber)},
         versions: {mhds: $commit, mhds_binary: $binary, sqlite3: $sqlite, duckdb: $duckdb,
                    node: $node, pandas: $pandas},
         tools: (. as $size | ($size[] | select(.[6] == "mhds") | .[7] | tonumber) as $m
                 | $size | map({tool: .[6], seconds: (.[7] | tonumber),
                                rows_per_second: ((.[0] | tonumber) / (.[7] | tonumber) | floor),
                                mb_per_second: ((.[1] | tonumber) / 1e6 / (.[7] | tonumber)
                                                | . * 10 | round / 10),
                                peak_mb: (.[8] | tonumber),
                                time_vs_mhds: ((.[7] | tonumber) / $m | . * 100 | round / 100)}))})
  ' "$work/results.tsv" >"$work/new.json"
previous='{"sizes": []}'
if [[ -f $out/results.json ]] &&
  jq -e '.sizes | type == "array"' "$out/results.json" >/dev/null 2>&1; then
  previous=$(cat "$out/results.json")
fi
jq --argjson new "$(cat "$work/new.json")" \
  '{description: ("bench/run.sh: seconds are the fastest of `repeats` runs, peak_mb is the"
                   + " max RSS from GNU time; each size is its own run: compare tools within a size"),
    sizes: ([.sizes[] | select([.rows, .settings] as $k | $new | map([.rows, .settings])
                                | index([$k]) | not)] + $new
            | sort_by(-.settings.defect_rate, .rows))}' <<<"$previous" >"$out/results.json.tmp"
mv "$out/results.json.tmp" "$out/results.json"
jq -r '
  def human: if . >= 1e6 then "\(. / 1e5 | round / 10) M" elif . >= 1e3 then "\(. / 1e3 | round) k"
             else "\(.)" end;
  def fixed($d): (. * pow(10; $d) | round | tostring) as $s
    | if $d == 0 then $s
      else ("0" * ([$d + 1 - ($s | length), 0] | max) + $s) as $p
      | $p[:($p | length) - $d] + "." + $p[($p | length) - $d:] end;
  def rows_label: (log10 | round) as $e
    | if pow(10; $e) == . then "10^\($e)"
      elif (. / pow(10; $e) - 1 | fabs) < 0.05 then "~10^\($e)" else tostring end;
  "| rows | CSV MB | tool | seconds | rows/s | MB/s | peak MB | time / mhds time |",
  "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
  (.sizes[] | . as $s | .tools | to_entries[] | .key as $i | .value
   | (if .tool == "mhds" then "**" else "" end) as $b
   | [if $i == 0 then ($s.rows | rows_label) + (if $s.settings.defect_rate == 0.01 then ""
                      else " (defect rate \($s.settings.defect_rate))" end) else "" end,
      if $i == 0 then ($s.csv_bytes / 1e6 | fixed(1)) else "" end,
      .tool, (.seconds | fixed(3)), (.rows_per_second | human), (.mb_per_second | fixed(0)),
      (.peak_mb | tostring), (.time_vs_mhds | fixed(2))]
   | (.[:2] + (.[2:] | map($b + . + $b))) | "| " + join(" | ") + " |"),
  "",
  (.sizes[] | "- \(.rows | rows_label) rows: finished \(.measured_at), load \(.load_before)"
    + " before, \(.load_after) after; \(.machine.cores) cores (\(.machine.cpu)),"
    + " \(.machine.memory_gib) GiB; best of \(.settings.repeats); seed \(.settings.seed),"
    + " defect rate \(.settings.defect_rate); mhds \(.versions.mhds), sqlite3"
    + " \(.versions.sqlite3), duckdb \(.versions.duckdb) (node \(.versions.node)), pandas"
    + " \(.versions.pandas); baselines agree with mhds:"
    + " \(if .baselines_agree_with_mhds then "yes" else "NO" end)")
  ' "$out/results.json" >"$out/results.md.tmp"
mv "$out/results.md.tmp" "$out/results.md"
echo
echo "wrote $out/results.json and $out/results.md"
if ((disagreements)); then
  echo "some baseline disagrees with mhds: see the tables above" >&2
  exit 1
fi
