#!/usr/bin/env bash
# bench/trace.sh [PEOPLE] [REQUESTS]: how fast `mhds trace` answers a batch request file, in
# requests per CPU-second (processor time, which the load of a shared machine does not change)
# and per wall-clock second, with peak memory; also the precision and recall of the answers
# against the generator's truth (`mhds trace evaluate`). See docs/tracing.md, "Speed".
#
#   bench/trace.sh                 1,000,000 people, 100,000 requests
#   bench/trace.sh 100000 20000    smaller, for a quick look
#
# Environment: SEED (1), BUILD (build-bench), MHDS (the mhds binary; $BUILD/src/mhds/cli/mhds),
# PARAMS (a parameters file for --params; default: the shipped one). Data is generated once into
# bench/out/trace-PEOPLE-REQUESTS-SEED/ and reused. Needs GNU time (/usr/bin/time) and jq.
# Exit status 0; 1 when a step fails.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
case ${1:-} in
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
esac
people=${1:-1000000}
requests=${2:-100000}
seed=${SEED:-1}
build=${BUILD:-$root/build-bench}
mhds=${MHDS:-$build/src/mhds/cli/mhds}
params=()
[ -n "${PARAMS:-}" ] && params=(--params "$PARAMS")
for tool in /usr/bin/time jq; do
  command -v "$tool" >/dev/null || { echo "bench/trace.sh: $tool is needed (apt-get install -y time jq)" >&2; exit 1; }
done
[ -x "$mhds" ] || { echo "bench/trace.sh: no mhds at $mhds (set BUILD or MHDS)" >&2; exit 1; }

out=$bench_dir/out/trace-$people-$requests-$seed
mkdir -p "$out"
request=$out/MPTREQ_20261123120000.csv
if [ ! -f "$out/people.sqlite" ]; then
  "$mhds" trace generate --people "$people" --requests "$requests" --seed "$seed" --dir "$out" >/dev/null
  /usr/bin/time -f '%e %U %S %M' -o "$out/load.time" \
    "$mhds" trace index load "$out/people.csv" --index "$out/people.sqlite" -q
fi

/usr/bin/time -f '%e %U %S %M' -o "$out/trace.time" \
  "$mhds" trace "$request" --index "$out/people.sqlite" --out "$out/resp.csv" \
  --explain-jsonl "$out/explain.jsonl" --json "${params[@]}" >"$out/trace.json"
"$mhds" trace evaluate "$request" --index "$out/people.sqlite" --expected "$out/expected.csv" \
  --json "${params[@]}" >"$out/evaluate.json"

read -r wall user sys peak_kb <"$out/trace.time"
trace_cpu=$(jq .cpu_seconds "$out/trace.json")
load_seconds=$(jq .index_load_seconds "$out/trace.json")
rows=$(jq .rows "$out/trace.json")
awk -v rows="$rows" -v cpu="$trace_cpu" -v wall="$wall" -v user="$user" -v sys="$sys" \
  -v peak="$peak_kb" -v load="$load_seconds" -v people="$people" 'BEGIN {
  printf "mhds trace: %d requests against %d people\n", rows, people
  printf "  tracing:   %.1f CPU-seconds, %.0f requests per CPU-second\n", cpu, rows / cpu
  printf "  whole run: %.1f s wall, %.1f s CPU (index read %.1f s wall), peak %.0f MB resident\n",
         wall, user + sys, load, peak / 1024
  printf "  anchor:    about 1,000,000 records a minute (16,700 a second) for Splink on DuckDB\n"
}'
jq -r '"  answers:   precision \(.total.precision * 100 | . * 1000 | round / 1000)%, recall \(.total.recall * 100 | . * 10 | round / 10)% of \(.traceable) traceable rows, \(.total.wrong) wrong, \(.total.ambiguous) ambiguous"' "$out/evaluate.json"
jq -r '.steps | to_entries[] | "    \(.key): \(.value.correct) right, \(.value.wrong) wrong, \(.value.ambiguous) ambiguous"' "$out/evaluate.json"
