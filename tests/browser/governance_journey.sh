#!/usr/bin/env bash
# The browser test of data access governance (issue 8): for each store engine, sets up the
# accounts with `mhds account` and the governance organisations and roles with `mhds govern`,
# then drives governance_journey.mjs in Debian's headless Chromium through the web pages of
# `mhds serve` in two phases: with the clock on 2026-11-05 (enquiry to an audited release) and,
# restarted, on 2026-12-05 after the agreement has ended (close-out and destruction). Afterwards
# `mhds govern verify` proves the ledger, and a copy of the store with one ledger entry changed
# does not verify.
# Usage: governance_journey.sh MHDS REPO_ROOT NODE_DIR [sqlite] [postgresql]
# PostgreSQL: a database on MHDS_TEST_POSTGRES_URL when set, else a throwaway cluster.
set -euo pipefail
mhds=$1 root=$2 node_dir=$3
shift 3
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(sqlite postgresql)
here=$root/tests/browser
testdata=$root/src/mhds/govern/testdata
ref=DARS-NIC-100001-AB1CD
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$here/browser_common.sh"
prepare_node_dir governance_journey.mjs

dir=$(mktemp -d)
server_pid="" pg_url="" databases=()
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  for d in "${databases[@]}"; do
    psql -q -d "${MHDS_TEST_POSTGRES_URL:-$pg_url}" -c "DROP DATABASE IF EXISTS $d" 2>/dev/null || true
  done
  [ -n "$pg_url" ] && "$root/scripts/testing/postgres-cluster" stop "$pg_url"
  rm -rf "$dir"
}
trap cleanup EXIT

# Runs `mhds serve` on STORE with its clock from CLOCK, then the journey's PHASE.
run_phase() {
  local store=$1 clock=$2 phase=$3 engine=$4
  local launched port="" out=$dir/serve-$engine-$phase.out err=$dir/serve-$engine-$phase.err
  launched=$(date +%s)
  # A file of its own per run: the port is read from it, never from an earlier run's.
  "$mhds" serve --store "$store" --data "$dir/data-$engine" --listen 127.0.0.1:0 --workers 0 \
    --clock-start "$clock" >"$out" 2>"$err" &
  server_pid=$!
  wait_for_port "$server_pid" "$out" "$err"
  echo "== $engine, phase $phase: mhds serve on port $port"
  local start_epoch
  start_epoch=$(date -u -d "${clock%Z}Z" +%s)
  if ! MHDS_URL="http://127.0.0.1:$port" MHDS_CLOCK_OFFSET=$((start_epoch - launched)) \
      MHDS_PHASE=$phase MHDS_REF=$ref MHDS_APPLICATION="$testdata/application_v1.json" \
      MHDS_DATASET="Mental Health Services Data Set (MHSDS)" \
      MHDS_APPLICANT_USER=ann MHDS_APPLICANT_PASSWORD=governance-test-pw-1 \
      MHDS_APPLICANT_SECRET=${secrets[ann]} \
      MHDS_TEAM_USER=team MHDS_TEAM_PASSWORD=governance-test-pw-2 MHDS_TEAM_SECRET=${secrets[team]} \
      MHDS_OTHER_USER=olu MHDS_OTHER_PASSWORD=governance-test-pw-3 MHDS_OTHER_SECRET=${secrets[olu]} \
      node "$node_dir/governance_journey.mjs"; then
    echo "--- mhds serve's log:" >&2; cat "$err" >&2
    fail "the governance journey on $engine, phase $phase"
  fi
  kill "$server_pid"; wait "$server_pid" || true; server_pid=""
}

declare -A secrets
run_engine() {
  local engine=$1 store copy admin=""
  case $engine in
    sqlite) store="sqlite:$dir/$engine.db" copy="sqlite:$dir/$engine-tampered.db" ;;
    postgresql)
      admin=${MHDS_TEST_POSTGRES_URL:-}
      if [ -z "$admin" ]; then
        pg_url=$("$root/scripts/testing/postgres-cluster" start) || fail "PostgreSQL did not start"
        admin=$pg_url
      fi
      local db_name="mhds_govjourney_$$"
      databases+=("$db_name" "${db_name}_tampered")
      PGOPTIONS=--client-min-messages=warning psql -q -d "$admin" \
        -c "DROP DATABASE IF EXISTS $db_name" -c "CREATE DATABASE $db_name" ||
        fail "cannot create database $db_name"
      store=${admin/\/postgres\?//$db_name?}
      copy=${admin/\/postgres\?//${db_name}_tampered?}
      ;;
    *) fail "unknown engine $engine" ;;
  esac
  "$mhds" account org create --store "$store" --ods EE133863 --name "University" --role provider >/dev/null
  "$mhds" account org create --store "$store" --ods RX1 --name "Trust" --role provider >/dev/null
  "$mhds" account org create --store "$store" --ods RY2 --name "Other" --role provider >/dev/null
  local n=0
  for spec in ann:EE133863 team:RX1 olu:RY2; do
    n=$((n + 1))
    local user=${spec%%:*} org=${spec#*:}
    printf 'governance-test-pw-%s\n' "$n" >"$dir/pw"
    secrets[$user]=$("$mhds" account user create --store "$store" --org "$org" --username "$user" \
      --name "$user" --password-file "$dir/pw" | sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p')
    [ -n "${secrets[$user]}" ] || fail "no TOTP secret printed for $user"
  done
  for org in org_university.json org_trust.json; do
    "$mhds" govern org --store "$store" --file "$testdata/$org" --actor operator \
      --role case_officer --at 2026-11-01 >/dev/null
  done
  "$mhds" govern role --store "$store" --user ann --role applicant --org EE133863 >/dev/null
  "$mhds" govern role --store "$store" --user olu --role applicant --org RY2 >/dev/null
  for role in case_officer panel approver dissemination auditor; do
    "$mhds" govern role --store "$store" --user team --role "$role" >/dev/null
  done

  run_phase "$store" 2026-11-05T10:00:00Z active "$engine"
  run_phase "$store" 2026-12-05T10:00:00Z destroyed "$engine"

  "$mhds" govern verify --store "$store" || fail "the ledger on $engine does not verify"
  # A copy with one ledger entry changed by someone able to lift the append-only guard.
  case $engine in
    sqlite)
      cp "$dir/$engine.db" "$dir/$engine-tampered.db"
      sqlite3 "$dir/$engine-tampered.db" "DROP TRIGGER gov_ledger_no_update;
        UPDATE gov_ledger SET actor = 'mallory' WHERE action = 'release';"
      ;;
    postgresql)
      psql -q -d "$admin" -c "CREATE DATABASE mhds_govjourney_$$_tampered TEMPLATE mhds_govjourney_$$"
      psql -q -d "$copy" -c "ALTER TABLE gov_ledger DISABLE TRIGGER USER" \
        -c "UPDATE gov_ledger SET actor = 'mallory' WHERE action = 'release'"
      ;;
  esac
  local code=0
  "$mhds" govern verify --store "$copy" || code=$?
  [ "$code" -eq 65 ] || fail "the tampered copy on $engine verified (exit $code, expected 65)"
  echo "ok: the tampered copy on $engine does not verify"
}

for engine in "${engines[@]}"; do run_engine "$engine"; done
echo "governance journey: ok (${engines[*]})"
