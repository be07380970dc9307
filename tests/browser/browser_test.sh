#!/usr/bin/env bash
# The browser test of the landing service (issue 6): for each store engine, sets up two
# organisations with `mhds account`, starts `mhds serve` on a free loopback port with its clock on
# a day the MHSDS window is open, and runs sign_in_upload_report.mjs in Debian's headless Chromium
# (playwright-core from npm, installed with `npm ci` into NODE_DIR). TOTP keys are sealed at rest
# (--totp-key), and the test checks the store holds them sealed.
# Usage: browser_test.sh MHDS REPO_ROOT NODE_DIR [sqlite] [postgresql]
# PostgreSQL: a database on MHDS_TEST_POSTGRES_URL when set, else a throwaway cluster.
set -euo pipefail
mhds=$1 root=$2 node_dir=$3
shift 3
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(sqlite postgresql)
here=$root/tests/browser
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$here/browser_common.sh"
prepare_node_dir sign_in_upload_report.mjs

dir=$(mktemp -d)
server_pid="" pg_url=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$pg_url" ] && "$root/scripts/testing/postgres-cluster" stop "$pg_url"
  rm -rf "$dir"
}
trap cleanup EXIT

"$mhds" convert "$root/examples/mhsds-6.0-sample" "$dir/sample.sqlite" >/dev/null ||
  fail "cannot make the sample IDB"

# TOTP keys sealed at rest: `mhds account` and `mhds serve` both read this file.
head -c 32 /dev/urandom >"$dir/totp.key"
export MHDS_TOTP_KEY_FILE=$dir/totp.key

# The MHSDS window for October 2026 is open from 2026-11-02 to 2026-11-23.
clock_start=2026-11-05T10:00:00Z
period=2026-10

run_engine() {
  local engine=$1 store
  case $engine in
    sqlite) store="sqlite:$dir/$engine.db" ;;
    postgresql)
      local admin=${MHDS_TEST_POSTGRES_URL:-}
      if [ -z "$admin" ]; then
        pg_url=$("$root/scripts/testing/postgres-cluster" start) || fail "PostgreSQL did not start"
        admin=$pg_url
      fi
      local db_name="mhds_browser_$$"
      PGOPTIONS=--client-min-messages=warning psql -q -d "$admin" \
        -c "DROP DATABASE IF EXISTS $db_name" -c "CREATE DATABASE $db_name" ||
        fail "cannot create database $db_name"
      store=${admin/\/postgres\?//$db_name?}
      ;;
    *) fail "unknown engine $engine" ;;
  esac
  printf 'browser-test-password-1\n' >"$dir/pw1"
  printf 'browser-test-password-2\n' >"$dir/pw2"
  printf 'browser-test-password-3\n' >"$dir/pw3"
  "$mhds" account org create --store "$store" --ods RX1 --name "Demo Provider" --role provider >/dev/null
  "$mhds" account org create --store "$store" --ods RY2 --name "Other Provider" --role provider >/dev/null
  local secret1 secret2
  secret1=$("$mhds" account user create --store "$store" --org RX1 --username sam --name Sam \
    --password-file "$dir/pw1" | sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p')
  secret2=$("$mhds" account user create --store "$store" --org RY2 --username olu --name Olu \
    --password-file "$dir/pw2" | sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p')
  local secret3  # RY2's SIRO, who decides olu's access request on the pages
  secret3=$("$mhds" account user create --store "$store" --org RY2 --username sue --name Sue \
    --password-file "$dir/pw3" | sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p')
  [ -n "$secret1" ] && [ -n "$secret2" ] && [ -n "$secret3" ] || fail "no TOTP secrets printed"
  "$mhds" account grant --store "$store" --username sue --org RY2 --dataset '*' --role siro >/dev/null
  "$mhds" account grant --store "$store" --username sam --org RX1 --dataset mhsds --role submitter >/dev/null
  "$mhds" account grant --store "$store" --username olu --org RY2 --dataset mhsds --role submitter >/dev/null

  local stored
  case $engine in
    sqlite) stored=$(sqlite3 "${store#sqlite:}" "SELECT totp_key FROM users") ;;
    postgresql) stored=$(psql -At -d "$store" -c "SELECT totp_key FROM users") ;;
  esac
  [ -n "$stored" ] && ! grep -qv '^sealed1:' <<<"$stored" || fail "TOTP keys stored unsealed: $stored"
  local launched
  launched=$(date +%s)
  "$mhds" serve --store "$store" --data "$dir/data-$engine" --listen 127.0.0.1:0 --workers 1 \
    --clock-start "$clock_start" >"$dir/serve.out" 2>"$dir/serve.err" &
  server_pid=$!
  local port
  wait_for_port "$server_pid" "$dir/serve.out" "$dir/serve.err"
  echo "== $engine: mhds serve on port $port"
  local start_epoch
  start_epoch=$(date -u -d "${clock_start%Z}Z" +%s)
  if ! MHDS_URL="http://127.0.0.1:$port" MHDS_CLOCK_OFFSET=$((start_epoch - launched)) \
      MHDS_PERIOD=$period MHDS_IDB="$dir/sample.sqlite" \
      MHDS_USER=sam MHDS_PASSWORD=browser-test-password-1 MHDS_SECRET=$secret1 \
      MHDS_OTHER_USER=olu MHDS_OTHER_PASSWORD=browser-test-password-2 MHDS_OTHER_SECRET=$secret2 \
      MHDS_SIRO_USER=sue MHDS_SIRO_PASSWORD=browser-test-password-3 MHDS_SIRO_SECRET=$secret3 \
      node "$node_dir/sign_in_upload_report.mjs"; then
    echo "--- mhds serve's log:" >&2; cat "$dir/serve.err" >&2
    fail "the browser scenario on $engine"
  fi
  kill "$server_pid"; wait "$server_pid" || true; server_pid=""
  if [ "$engine" = postgresql ]; then
    psql -q -d "${MHDS_TEST_POSTGRES_URL:-$pg_url}" -c "DROP DATABASE mhds_browser_$$" || true
  fi
}

for engine in "${engines[@]}"; do run_engine "$engine"; done
echo "browser test: ok (${engines[*]})"
