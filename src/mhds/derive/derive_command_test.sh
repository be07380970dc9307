#!/bin/sh
# Shell test of `mhds derive` on the hand-worked fixture (figures in ips_fixture_test.cc):
# published and exact output, JSON and CSV files, a rejected file and bad usage.
# Usage: derive_command_test.sh MHDS_BINARY SOURCE_DIR
set -eu
mhds=$1
source_dir=$2
fixture="$source_dir/src/mhds/derive/testdata/ips-2026-10"
spec="$source_dir/specs/mhsds/6.0"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$source_dir/tests/testing/expect_exit.sh"

expect_exit 0 "$mhds" derive --help
grep -q -- "--unsuppressed" "$work/out" || fail "--help does not list --unsuppressed"

# Published view: counts under 5 withheld, others rounded to 5.
expect_exit 0 "$mhds" derive "$fixture" --period 2026-10 --spec "$spec" --org RX1
grep -q "Cohort: 7 referrals (6 by D05 team, 1 by IPS procedure only)" "$work/out" ||
  fail "cohort line missing: $(cat "$work/out")"
grep -Eq "^  OpenReferrals +5 +\* +5$" "$work/out" || fail "published OpenReferrals row"
grep -Eq "^  TotalContacts +10 +\* +10$" "$work/out" || fail "published TotalContacts row"
grep -q "26 rejected rows left out" "$work/out" || fail "rejected rows not reported"

# Exact view, to files: 0600, CSV escaped by the report's writer, JSON parseable.
expect_exit 0 "$mhds" derive "$fixture" --period 2026-10 --spec "$spec" --unsuppressed \
  --csv "$work/ips.csv" --json "$work/ips.json" --quiet
[ ! -s "$work/out" ] || fail "--quiet printed: $(cat "$work/out")"
[ "$(stat -c %a "$work/ips.csv")" = 600 ] || fail "CSV mode $(stat -c %a "$work/ips.csv")"
grep -q "^RX1,2026-10-01,provider,,OpenReferrals,6,$(printf '\r')$" "$work/ips.csv" ||
  fail "exact OpenReferrals missing from CSV"
grep -q "^RX1,2026-10-01,team,IPS01,TotalContacts,11,$(printf '\r')$" "$work/ips.csv" ||
  fail "IPS01 TotalContacts missing from CSV"
grep -q '"suppressed": false' "$work/ips.json" || fail "JSON does not say unsuppressed"
grep -q '"uniq_month_id": 1519' "$work/ips.json" || fail "JSON UniqMonthID"

# JSON to standard output replaces the table.
expect_exit 0 "$mhds" derive "$fixture" --period 2026-10 --spec "$spec" --json -
grep -q '"measure_set": "MHSDS IPS"' "$work/out" || fail "JSON on standard output"
if grep -q "Cohort:" "$work/out"; then fail "table mixed into JSON output"; fi

# A rejected file gives no figures and exit 2.
cp -r "$fixture" "$work/rejected"
sed -i 's/^6\.0,/4.1,/' "$work/rejected/MHS000Header.csv"
expect_exit 2 "$mhds" derive "$work/rejected" --period 2026-10 --spec "$spec"
if grep -q "OpenReferrals" "$work/out"; then fail "a rejected file gave figures"; fi

# Usage errors.
expect_exit 64 "$mhds" derive "$fixture" --period 2026-13 --spec "$spec"
expect_exit 66 "$mhds" derive "$work/no-such-folder" --period 2026-10 --spec "$spec"
expect_exit 64 "$mhds" derive "$fixture"

# Talking Therapies (IAPT v2.1): May 2022 with the March and April files (figures worked out in
# talking_therapies_test.cc).
tt="$source_dir/src/mhds/derive/testdata/talking-therapies"
expect_exit 0 "$mhds" derive "$tt/2022-05" --period 2022-05 --org RX1 --unsuppressed \
  --earlier "$tt/2022-03" --earlier "$tt/2022-04" --csv -
grep -q "^RX1,2022-05-01,provider,,FinishedCourseTreatment,M076,5,$(printf '\r')$" "$work/out" ||
  fail "TT FinishedCourseTreatment missing from CSV: $(cat "$work/out")"
grep -q "^RX1,2022-05-01,commissioner,00T,RecoveryRate,M192,,50.0$(printf '\r')$" "$work/out" ||
  fail "TT RecoveryRate of 00T missing from CSV"
# Without the earlier months, the table says what it could not see.
expect_exit 0 "$mhds" derive "$tt/2022-05" --period 2022-05 --org RX1
grep -q "Only this month's file was read" "$work/out" || fail "TT one-file note missing"
# An earlier file that is not of an earlier month, and one rejected as a whole.
expect_exit 64 "$mhds" derive "$tt/2022-04" --period 2022-04 --earlier "$tt/2022-05"
cp -r "$tt/2022-03" "$work/tt-rejected"
head -1 "$tt/2022-03/IDS000Header.csv" >"$work/tt-rejected/IDS000Header.csv"  # empty header
expect_exit 2 "$mhds" derive "$tt/2022-05" --period 2022-05 --earlier "$work/tt-rejected"
grep -q "was rejected as a whole" "$work/err" || fail "rejected earlier file not named"

echo "derive_command: ok"
