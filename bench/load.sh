#!/usr/bin/env bash
# bench/load.sh: load on the landing service. For each store engine and each number of concurrent
# clients, starts `mhds serve` afresh on a free loopback port (its clock on a day the MHSDS window
# is open), and runs bench/load_client.py: every client uploads the bundled sample as a SQLite IDB
# UPLOADS times, polls each submission until its report is ready and reads report.json. Prints
# upload-to-report-ready latency percentiles, uploads per second and report reads per second, and
# writes them to bench/out/load.json. See bench/README.md.
#
#   bench/load.sh                      # SQLite and PostgreSQL; 1, 4 and 16 clients
#   CLIENTS="8" UPLOADS=20 ENGINES=sqlite bench/load.sh
#
# Environment: CLIENTS ("1 4 16"), UPLOADS (10 per client), WORKERS (validation threads, 2),
# ENGINES ("sqlite postgresql"), MHDS (build/src/mhds/cli/mhds). PostgreSQL: a database on
# MHDS_TEST_POSTGRES_URL when set, else a throwaway cluster (scripts/testing/postgres-cluster).
# Exit status 0; 1 when an upload fails or a report is missing.
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
mhds=${MHDS:-$root/build/src/mhds/cli/mhds}
clients_list=${CLIENTS:-1 4 16}
uploads=${UPLOADS:-10}
workers=${WORKERS:-2}
engines=${ENGINES:-sqlite postgresql}
clock_start=2026-11-05T10:00:00Z  # inside the MHSDS window for 2026-10
period=2026-10
[ -x "$mhds" ] || { echo "load.sh: build mhds first ($mhds)" >&2; exit 1; }

dir=$(mktemp -d)
server_pid="" pg_url=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_url" ]; then "$root/scripts/testing/postgres-cluster" stop "$pg_url"; fi
  rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$bench_dir/out"
"$mhds" convert "$root/examples/mhsds-6.0-sample" "$dir/sample.sqlite" >/dev/null

store_for() {  # store_for ENGINE NAME: a fresh, empty store
  case $1 in
    sqlite) echo "sqlite:$dir/$2.db" ;;
    postgresql)
      local admin=${MHDS_TEST_POSTGRES_URL:-$pg_url}
      PGOPTIONS=--client-min-messages=warning psql -q -d "$admin" \
        -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >&2
      echo "${admin/\/postgres\?//$2?}"
      ;;
  esac
}

results=()
for engine in $engines; do
  if [ "$engine" = postgresql ] && [ -z "${MHDS_TEST_POSTGRES_URL:-}" ] && [ -z "$pg_url" ]; then
    pg_url=$("$root/scripts/testing/postgres-cluster" start)
  fi
  for clients in $clients_list; do
    name="mhds_load_${engine}_$clients"
    store=$(store_for "$engine" "$name")
    printf 'load-test-password-1\n' >"$dir/pw"
    "$mhds" account org create --store "$store" --ods RX1 --name "Load Provider" --role provider >/dev/null
    secret=$("$mhds" account user create --store "$store" --org RX1 --username loader --name Loader \
      --password-file "$dir/pw" | sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p')
    "$mhds" account grant --store "$store" --username loader --org RX1 --dataset mhsds \
      --role submitter >/dev/null
    launched=$(date +%s)
    "$mhds" serve --store "$store" --data "$dir/data-$name" --listen 127.0.0.1:0 \
      --workers "$workers" --clock-start "$clock_start" >"$dir/serve.out" 2>"$dir/serve.err" &
    server_pid=$!
    port=""
    while [ -z "$port" ]; do
      kill -0 "$server_pid" 2>/dev/null || { cat "$dir/serve.err" >&2; exit 1; }
      port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/serve.out")
      [ -n "$port" ] || sleep 0.2
    done
    offset=$(( $(date -u -d "${clock_start%Z}Z" +%s) - launched ))
    line=$(python3 "$bench_dir/load_client.py" "http://127.0.0.1:$port" loader load-test-password-1 \
      "$secret" "$offset" "$dir/sample.sqlite" "$period" "$clients" "$uploads") || {
      echo "$line" >&2; tail -20 "$dir/serve.err" >&2; exit 1; }
    kill "$server_pid"; wait "$server_pid" || true; server_pid=""
    line=$(jq -c --arg e "$engine" --argjson w "$workers" '{engine: $e, workers: $w} + .' <<<"$line")
    results+=("$line")
    jq -r '"\(.engine)\t\(.clients) clients\t\(.uploads) uploads\tp50 \(.p50_ms) ms\tp99 \(.p99_ms) ms\t\(.uploads_per_second) uploads/s\t\(.report_reads_per_second) report reads/s"' <<<"$line"
  done
done
printf '%s\n' "${results[@]}" | jq -s --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg cores "$(nproc)" '{load_average: $load, cores: $cores, runs: .}' >"$bench_dir/out/load.json"
echo "written: bench/out/load.json (load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
