#!/usr/bin/env bash
# bench/trace.sh [PEOPLE] [REQUESTS]: how fast `mhds trace` answers batch request files against a
# packed index (`mhds trace index build`), in requests per second and per CPU-second (processor
# time, which the load of a shared machine does not change), with peak memory and the time to
# build the index, beside NHS England's published anchor of about a million records a minute;
# then the precision and recall of the answers per deciding step against the generator's truth,
# from the response and explanation files (bench/trace_score.py, the counts of `mhds trace
# evaluate` without tracing again). See docs/tracing.md, "Speed".
#
#   bench/trace.sh                  10,000,000 people, 1,000,000 requests (two files of 500,000)
#   bench/trace.sh 1000000 100000   a million people, as measured before the packed index
#   bench/trace.sh 100000 20000     smaller, for a quick look
#
# A request file holds at most 500,000 rows, so REQUESTS above that are split into files of
# equal size, each generated with its own seed against the same people.
# Environment: SEED (1), BUILD (build-bench), MHDS (the mhds binary; $BUILD/src/mhds/cli/mhds),
# PARAMS (a parameters file for --params; default: the shipped one), JOBS (1; request files
# traced at once: each is its own process, and the figures add up processor time, so only the
# wall clock changes), THREADS (1; `mhds trace --threads` for each file), MEMORY_MB (256; the
# index build's `--memory-mb`), EVALUATE (0; 1 also runs `mhds trace evaluate` on each file, which traces
# it again, for its table per kind of generated request), SQLITE (0; 1 also loads the SQLite
# index, traces the first file against it, read whole into memory, and checks that the response
# and explanation are the same bytes).
# Data is generated once into bench/out/trace-PEOPLE-REQUESTS-SEED/ and reused, the index too.
# Needs GNU time (/usr/bin/time), jq, bc and python3. Exit status 0; 1 when a step fails or answers differ.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
case ${1:-} in
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
esac
people=${1:-10000000}
requests=${2:-1000000}
seed=${SEED:-1}
build=${BUILD:-$root/build-bench}
mhds=${MHDS:-$build/src/mhds/cli/mhds}
params=()
[ -n "${PARAMS:-}" ] && params=(--params "$PARAMS")
for tool in /usr/bin/time jq; do
  command -v "$tool" >/dev/null || { echo "bench/trace.sh: $tool is needed (apt-get install -y time jq)" >&2; exit 1; }
done
[ -x "$mhds" ] || { echo "bench/trace.sh: no mhds at $mhds (set BUILD or MHDS)" >&2; exit 1; }

max_per_file=500000
files=$(((requests + max_per_file - 1) / max_per_file))
per_file=$((requests / files))
out=$bench_dir/out/trace-$people-$requests-$seed
mkdir -p "$out"
if [ ! -f "$out/people.csv" ]; then
  /usr/bin/time -f '%e %U %S %M' -o "$out/generate.time" \
    "$mhds" trace generate --people "$people" --requests "$per_file" --request-files "$files" \
    --seed "$seed" --dir "$out" >/dev/null
fi
if [ ! -f "$out/people.mhdsidx" ]; then
  /usr/bin/time -f '%e %U %S %M' -o "$out/build.time" \
    "$mhds" trace index build "$out/people.csv" --out "$out/people.mhdsidx" \
    --memory-mb "${MEMORY_MB:-256}" --json >"$out/build.json"
fi

# The request files (MPTREQ_ and a timestamp; not the responses written beside them) in timestamp
# order, each with its truth.
mapfile -t request_files < <(ls "$out"/MPTREQ_[0-9]*[0-9].csv | sort)
truth_of() {
  local stamp
  stamp=$(basename "$1" .csv)
  stamp=${stamp#MPTREQ_}
  if [ "$1" = "${request_files[0]}" ]; then echo "$out/expected.csv"; else echo "$out/expected_$stamp.csv"; fi
}

trace_one() {
  local name
  name=$(basename "$1" .csv)
  /usr/bin/time -f '%e %U %S %M' -o "$out/$name.time" \
    "$mhds" trace "$1" --index "$out/people.mhdsidx" --out "$out/$name.resp.csv" \
    --explain-jsonl "$out/$name.explain.jsonl" --threads "${THREADS:-1}" --json "${params[@]}" \
    >"$out/$name.json"
}
started=$(date +%s)
running=0
for request in "${request_files[@]}"; do
  trace_one "$request" &
  running=$((running + 1))
  if [ "$running" -ge "${JOBS:-1}" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
elapsed=$(($(date +%s) - started))
: >"$out/trace.times"
for request in "${request_files[@]}"; do
  name=$(basename "$request" .csv)
  echo "$(cat "$out/$name.time") $(jq '"\(.rows) \(.cpu_seconds)"' -r "$out/$name.json")" >>"$out/trace.times"
done

read -r build_wall build_user build_sys build_peak <"$out/build.time"
awk -v people="$people" -v files="${#request_files[@]}" -v elapsed="$elapsed" -v jobs="${JOBS:-1}" \
  -v threads="${THREADS:-1}" \
  -v build_wall="$build_wall" -v build_cpu="$(echo "$build_user + $build_sys" | bc)" \
  -v build_peak="$build_peak" -v bytes="$(jq .bytes "$out/build.json")" \
  -v over="$(jq '.birth_dates.over_cap + .postcodes.over_cap' "$out/build.json")" \
  -v largest="$(jq '"\(.birth_dates.largest_block) by date of birth, \(.postcodes.largest_block) by postcode"' -r "$out/build.json")" '
  { wall += $1; cpu += $2 + $3; if ($4 > peak) peak = $4; rows += $5; trace_cpu += $6 }
  END {
    printf "mhds trace: %d requests (%d files, %d threads each) against %d people, packed index\n", rows, files, threads, people
    printf "  index build: %.0f s wall, %.0f s CPU, peak %.0f MB resident; %.0f MB on disk;\n",
           build_wall, build_cpu, build_peak / 1024, bytes / 1048576
    printf "               largest blocks %s; %d over the cap\n", largest, over
    printf "  tracing:     %.0f CPU-seconds (writing the answers included), %.0f requests per CPU-second\n", trace_cpu, rows / trace_cpu
    printf "  whole runs:  %.0f s wall (%d at once), %.0f s CPU: %.0f requests per second (wall), %.0f per CPU-second;\n",
           elapsed, jobs, cpu, rows / elapsed, rows / cpu
    printf "               peak %.0f MB resident (the mapped index pages included)\n", peak / 1024
    printf "  anchor:      about 1,000,000 records a minute (16,700 a second) for Splink on DuckDB:\n"
    printf "               %.2f of it per CPU-second of tracing, %.2f in wall-clock time\n",
           rows / trace_cpu / 16667, rows / elapsed / 16667
  }' "$out/trace.times"
[ -f "$out/generate.time" ] && awk '{ printf "  generating:  %.0f s wall, %.0f s CPU, peak %.0f MB\n", $1, $2 + $3, $4 / 1024 }' "$out/generate.time"

if [ "${SQLITE:-0}" = 1 ]; then
  first=$(basename "${request_files[0]}" .csv)
  [ -f "$out/people.sqlite" ] ||
    "$mhds" trace index load "$out/people.csv" --index "$out/people.sqlite" -q
  /usr/bin/time -f '%e %U %S %M' -o "$out/sqlite.time" \
    "$mhds" trace "${request_files[0]}" --index "$out/people.sqlite" --out "$out/sqlite.resp.csv" \
    --explain-jsonl "$out/sqlite.explain.jsonl" --json "${params[@]}" >"$out/sqlite.json"
  read -r wall user sys peak <"$out/sqlite.time"
  printf "  SQLite index read whole, first file: %.0f s wall, %.0f CPU-s tracing, peak %.0f MB\n" \
    "$wall" "$(jq .cpu_seconds "$out/sqlite.json")" "$((peak / 1024))"
  if cmp -s "$out/$first.resp.csv" "$out/sqlite.resp.csv" &&
    cmp -s "$out/$first.explain.jsonl" "$out/sqlite.explain.jsonl"; then
    echo "  the packed and SQLite indexes gave the same response and explanation bytes"
  else
    echo "  the packed and SQLite indexes gave DIFFERENT answers" >&2
    exit 1
  fi
fi

score_args=()
for request in "${request_files[@]}"; do
  name=$(basename "$request" .csv)
  score_args+=("$out/$name.resp.csv" "$(truth_of "$request")" "$out/$name.explain.jsonl")
done
python3 "$bench_dir/trace_score.py" "${score_args[@]}"

[ "${EVALUATE:-0}" = 1 ] || exit 0
for request in "${request_files[@]}"; do
  "$mhds" trace evaluate "$request" --index "$out/people.mhdsidx" --expected "$(truth_of "$request")" \
    --json "${params[@]}" >"$out/$(basename "$request" .csv).evaluate.json"
done
jq -s -r '
  def sum(f): map(f) | add;
  (sum(.traceable)) as $traceable |
  (sum(.total.correct)) as $correct | (sum(.total.wrong)) as $wrong |
  "  evaluate:    precision \(100 * $correct / ($correct + $wrong) * 1000 | round / 1000)%, recall \(100 * $correct / $traceable * 10 | round / 10)% of \($traceable) traceable rows, \($wrong) wrong, \(sum(.total.ambiguous)) ambiguous",
  (map(.steps | to_entries[]) | group_by(.key)[] |
   "    \(.[0].key): \(map(.value.correct) | add) right, \(map(.value.wrong) | add) wrong, \(map(.value.ambiguous) | add) ambiguous")
' "$out"/MPTREQ_*.evaluate.json
