#!/usr/bin/env bash
# Shell test of the sequence docs/metrics.md documents: validate and record monthly submissions of
# both data sets in a store, then `mhds derive --store --month` prints each month's IPS and Talking
# Therapies measures. The Talking Therapies figures from the store must equal those of
# `mhds derive FILE --earlier ...` on the same files (talking-therapies fixture, figures worked by
# hand in talking_therapies_test.cc); a later resubmission of a month replaces the earlier one; no
# NHS Number or local patient id reaches the store. Run on SQLite, and on PostgreSQL
# (MHDS_TEST_POSTGRES_URL when set, else a throwaway cluster from scripts/testing/postgres-cluster).
# Usage: tt_history_command_test.sh MHDS_BINARY SOURCE_DIR [ENGINE...]
set -euo pipefail
mhds=$1
source_dir=$2
shift 2
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(sqlite postgresql)
tt="$source_dir/src/mhds/derive/testdata/talking-therapies"
ips="$source_dir/src/mhds/derive/testdata/ips-2026-10"
work=$(mktemp -d)
pg_url=""
cleanup() {
  if [ -n "$pg_url" ]; then "$source_dir/scripts/testing/postgres-cluster" stop "$pg_url" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL ($engine): $*"
  exit 1
}

expect_exit() {  # code command...
  local want=$1 status=0
  shift
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = "$want" ] || fail "exit $status, expected $want: $* ($(cat "$work/err"))"
}

# The figures of the file route, once: May with March and April, and March alone.
engine=file
expect_exit 0 "$mhds" derive "$tt/2022-05" --period 2022-05 --unsuppressed \
  --earlier "$tt/2022-03" --earlier "$tt/2022-04" --csv "$work/may-files.csv" \
  --json "$work/may-files.json" -q
expect_exit 0 "$mhds" derive "$tt/2022-03" --period 2022-03 --unsuppressed \
  --csv "$work/mar-files.csv" -q
# May as a first submission that lost SR1 and SR6 (their referral rows and contacts).
cp -r "$tt/2022-05" "$work/may-first"
for f in "$work/may-first"/IDS*.csv; do
  awk -F, 'NR == 1 || $0 !~ /(^|,)SR[16],/' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
head -c 48 /dev/urandom | base64 >"$work/person.key"
# October resubmitted without SR1017 (accessed for the first time on 2026-10-09 in the first).
cp -r "$ips" "$work/oct-again"
for f in "$work/oct-again"/MHS*.csv; do
  awk -F, 'NR == 1 || $0 !~ /(^|,)SR1017,/' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
printf 'ServiceRequestID,FirstContactDate\nSR1,\nSR2,2022-05-10\nSR6,2022-05-18\nSR99,\n' \
  >"$work/tt-local.csv"
printf 'ServiceRequestID\nSR1002\nSR1017\nSR9999\n' >"$work/ips-local.csv"

run_engine() {
  local store
  case $engine in
    sqlite) store="sqlite:$work/history.db" ;;
    postgresql)
      local admin=${MHDS_TEST_POSTGRES_URL:-}
      if [ -z "$admin" ]; then
        pg_url=$("$source_dir/scripts/testing/postgres-cluster" start) || fail "no PostgreSQL"
        admin=$pg_url
      fi
      local db_name="mhds_tt_history_$$"
      PGOPTIONS=--client-min-messages=warning psql -q -d "$admin" \
        -c "DROP DATABASE IF EXISTS $db_name" -c "CREATE DATABASE $db_name" >/dev/null ||
        fail "cannot create database $db_name"
      store=${admin/\/postgres\?//$db_name?}
      ;;
    *) fail "unknown engine" ;;
  esac

  # The documented sequence: each month validated and recorded as it is sent.
  expect_exit 1 "$mhds" validate "$ips" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 \
    --org RX1 --store "$store" --person-key "$work/person.key"
  grep -q "Recorded in the store as history submission" "$work/err" || fail "IPS not recorded"
  expect_exit 0 "$mhds" validate "$tt/2022-03" --period 2022-03 --org RX1 --store "$store" \
    --person-key "$work/person.key"
  grep -q "Recorded in the store as Talking Therapies history submission 1 of RX1 for 2022-03" \
    "$work/err" || fail "March not recorded: $(cat "$work/err")"
  expect_exit 0 "$mhds" validate "$tt/2022-04" --period 2022-04 --org RX1 --store "$store" \
    --person-key "$work/person.key" -q
  expect_exit 1 "$mhds" validate "$work/may-first" --period 2022-05 --org RX1 --store "$store" \
    --person-key "$work/person.key" -q

  # Reconciled from the store before the resubmission: SR1 and SR6 are missing from the first
  # May, SR2 is counted on another date, SR99 is in no submission.
  expect_exit 1 "$mhds" reconcile --store "$store" --month 2022-05 --local "$work/tt-local.csv" \
    --csv "$work/tt-rec.csv"
  grep -q "^SR1,yes,no,referral_not_in_submission," "$work/tt-rec.csv" || fail "SR1 at first"
  grep -q "^SR2,yes,yes,first_contact_date_differs,,2022-05-10,2022-05-16," "$work/tt-rec.csv" ||
    fail "SR2: $(cat "$work/tt-rec.csv")"
  grep -q "^SR6,yes,no,referral_not_in_submission," "$work/tt-rec.csv" || fail "SR6 at first"
  grep -q "^SR99,yes,no,referral_not_in_submission," "$work/tt-rec.csv" || fail "SR99"

  # Before the resubmission, May from the store is not the file route's May.
  expect_exit 0 "$mhds" derive --store "$store" --month 2022-05 --dataset iapt --unsuppressed \
    --csv "$work/may-store-first.csv"
  if cmp -s "$work/may-files.csv" "$work/may-store-first.csv"; then
    fail "the first May submission (without SR1) gave the full May figures"
  fi
  # A preview of the full May against the store (its March and April) equals the file route.
  expect_exit 0 "$mhds" derive "$tt/2022-05" --period 2022-05 --store "$store" --unsuppressed \
    --csv "$work/may-preview.csv" -q
  cmp -s "$work/may-files.csv" "$work/may-preview.csv" || fail "preview differs from --earlier"

  # The resubmission replaces the first May; the store now gives the file route's figures.
  expect_exit 1 "$mhds" validate "$tt/2022-05" --period 2022-05 --org RX1 --store "$store" \
    --person-key "$work/person.key" -q
  expect_exit 0 "$mhds" derive --store "$store" --month 2022-05 --dataset iapt --unsuppressed \
    --csv "$work/may-store.csv" --json "$work/may-store.json"
  cmp -s "$work/may-files.csv" "$work/may-store.csv" ||
    fail "May from the store differs: $(diff "$work/may-files.csv" "$work/may-store.csv" | head)"
  cmp -s "$work/may-files.json" "$work/may-store.json" || fail "May JSON from the store differs"
  expect_exit 1 "$mhds" reconcile --store "$store" --month 2022-05 --dataset iapt \
    --local "$work/tt-local.csv" --csv "$work/tt-rec.csv"
  grep -q "^SR6,yes,yes,matched," "$work/tt-rec.csv" || fail "SR6 after the resubmission"
  # SR1's first treatment was in March (an earlier file's contact).
  grep -q "^SR1,yes,no,entered_treatment_in_earlier_month,.*2022-03-20" "$work/tt-rec.csv" ||
    fail "SR1: $(grep ^SR1 "$work/tt-rec.csv")"
  # The same from the files, as from the store.
  expect_exit 1 "$mhds" reconcile "$tt/2022-05" --period 2022-05 --local "$work/tt-local.csv" \
    --earlier "$tt/2022-03" --earlier "$tt/2022-04" --csv "$work/tt-rec-files.csv"
  cmp -s "$work/tt-rec.csv" "$work/tt-rec-files.csv" || fail "reconcile from files differs"
  # The first May sent again replaces the full one, which had counted SR6.
  expect_exit 1 "$mhds" validate "$work/may-first" --period 2022-05 --org RX1 --store "$store" -q
  expect_exit 1 "$mhds" reconcile --store "$store" --month 2022-05 --local "$work/tt-local.csv" \
    --csv "$work/tt-rec.csv"
  grep -q "^SR6,yes,no,replaced_by_resubmission,.*first treatment on 2022-05-18" \
    "$work/tt-rec.csv" || fail "SR6 replaced: $(grep ^SR6 "$work/tt-rec.csv")"
  expect_exit 1 "$mhds" validate "$tt/2022-05" --period 2022-05 --org RX1 --store "$store" -q

  # October resubmitted without SR1017: the replaced submission had counted it.
  expect_exit 1 "$mhds" validate "$work/oct-again" --period 2026-10 \
    --uploaded-at 2026-11-06T10:00:00 --org RX1 --store "$store" -q
  expect_exit 1 "$mhds" reconcile --store "$store" --month 2026-10 --local "$work/ips-local.csv" \
    --csv "$work/ips-rec.csv"
  grep -q "^SR1002,yes,yes,matched," "$work/ips-rec.csv" || fail "SR1002: $(cat "$work/ips-rec.csv")"
  grep -q "^SR1017,yes,no,replaced_by_resubmission,.*ips-2026-10" "$work/ips-rec.csv" ||
    fail "SR1017: $(grep SR1017 "$work/ips-rec.csv")"
  grep -q "^SR9999,yes,no,referral_not_in_submission," "$work/ips-rec.csv" || fail "SR9999"
  expect_exit 64 "$mhds" reconcile --store "$store" --month 2026-10 --local "$work/ips-local.csv" \
    --period 2026-10 "$ips"
  expect_exit 0 "$mhds" derive --store "$store" --month 2022-03 --org RX1 --unsuppressed \
    --csv "$work/mar-store.csv"
  cmp -s "$work/mar-files.csv" "$work/mar-store.csv" || fail "March from the store differs"

  # Without --dataset: every data set the store holds for the month, as tables.
  expect_exit 0 "$mhds" derive --store "$store" --month 2022-05
  grep -q "^Talking Therapies  provider RX1  2022-05-01 to 2022-05-31" "$work/out" ||
    fail "no Talking Therapies table: $(head -3 "$work/out")"
  grep -q "Earlier months' files read: 2" "$work/out" || fail "May did not read two earlier months"
  expect_exit 0 "$mhds" derive --store "$store" --month 2026-10
  grep -q "AccessedFirstTimeEver" "$work/out" || fail "no IPS table for 2026-10"
  if grep -q "Talking Therapies" "$work/out"; then fail "Talking Therapies in 2026-10"; fi

  # Usage and missing data.
  expect_exit 64 "$mhds" derive --store "$store" --month 2022-05 --dataset ips
  expect_exit 66 "$mhds" derive --store "$store" --month 2022-06 --dataset iapt
  expect_exit 66 "$mhds" derive --store "$store" --month 2022-05 --org RX9

  if [ "$engine" = sqlite ]; then
    if cat "$work"/history.db* | grep -q -e 9434765838 -e LPI001; then
      fail "an NHS Number or a local patient id is in the store"
    fi
  else
    local dump
    dump=$(psql -q -d "$store" -At -c "SELECT * FROM tt_history_pathways" 2>&1) ||
      fail "cannot read the store: $dump"
    case $dump in *9434765838* | *LPI001*) fail "an identifier is in the store" ;; esac
    [ -n "$dump" ] || fail "no pathways in the PostgreSQL store"
  fi
}

for engine in "${engines[@]}"; do run_engine; done
echo "tt_history_command: ok (${engines[*]})"
