#!/bin/sh
# Shell test of the history end to end: `mhds validate --store` records accepted months (and
# `--test` does not), `mhds derive --store --month` counts from the history, and
# `mhds derive FILE --store` previews a file against it. The months are the hand-worked
# ips-2026-10 fixture (figures in ips_fixture_test.cc) and copies of it moved to November 2026,
# March 2027 and April 2027: the same referrals with every October date moved to the new month.
# So every referral accessed in October (6, the fixture's AccessedFirstTimeEver) is accessed
# again in each later month but never for the first time, and April starts a new financial year.
# Usage: history_command_test.sh MHDS_BINARY SOURCE_DIR
set -eu
mhds=$1
source_dir=$2
fixture="$source_dir/src/mhds/derive/testdata/ips-2026-10"
spec="$source_dir/specs/mhsds/6.0"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store="sqlite:$work/history.db"

. "$source_dir/tests/testing/expect_exit.sh"

# move_month NAME CCYY-MM LAST_DAY NEXT_MONTH: a copy of the fixture in another month.
move_month() {
  cp -r "$fixture" "$work/$1"
  sed -i -e "s/2026-11-03T/$4-03T/g" -e "s/2026-10-31/$2-$3/g" -e "s/2026-10-/$2-/g" \
    "$work/$1"/*.csv
}

# figure CSV_FILE MEASURE: the provider's exact value.
figure() {
  grep "^RX1,[0-9-]*,provider,,$2," "$1" | cut -d, -f6
}

expect_exit 0 "$mhds" validate --help
grep -q -- "--person-key" "$work/out" || fail "validate --help does not list --person-key"

head -c 48 /dev/urandom | base64 >"$work/person.key"
head -c 8 /dev/urandom | base64 >"$work/short.key"

# --test records nothing; a short key is refused; --person-key needs --store.
expect_exit 1 "$mhds" validate "$fixture" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 --spec "$spec" --org RX1 -q \
  --store "$store" --test
expect_exit 66 "$mhds" derive --store "$store" --month 2026-10 --spec "$spec"
expect_exit 64 "$mhds" validate "$fixture" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 --spec "$spec" -q \
  --store "$store" --person-key "$work/short.key"
expect_exit 64 "$mhds" validate "$fixture" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 --spec "$spec" -q \
  --person-key "$work/person.key"

# October recorded (accepted with rejected rows: exit 1); the store gives the file's figures.
expect_exit 1 "$mhds" validate "$fixture" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 --spec "$spec" --org RX1 \
  --store "$store" --person-key "$work/person.key"
grep -q "Recorded in the store as history submission 1 of RX1 for 2026-10" "$work/err" ||
  fail "no record line: $(cat "$work/err")"
expect_exit 0 "$mhds" derive --store "$store" --month 2026-10 --spec "$spec" --unsuppressed \
  --csv "$work/oct.csv"
[ "$(figure "$work/oct.csv" AccessedFirstTimeEver)" = 6 ] || fail "October first ever"
expect_exit 0 "$mhds" derive --store "$store" --month 2026-10 --spec "$spec"
grep -q "^History: the latest recorded submission and 0 earlier months from the store$" \
  "$work/out" || fail "history line: $(cat "$work/out")"
[ "$(figure "$work/oct.csv" AccessedInFinancialYearToDate)" = 6 ] || fail "October YTD"
if cat "$work"/history.db* | grep -q "9990000018"; then fail "an NHS Number is in the store"; fi
if cat "$work"/history.db* | grep -q "RX1P0001"; then fail "a local patient id is in the store"; fi

# November: alone, every contacted referral is a first contact; against October, none is.
move_month nov 2026-11 30 2026-12
expect_exit 0 "$mhds" derive "$work/nov" --period 2026-11 --spec "$spec" --unsuppressed \
  --csv "$work/nov-alone.csv" --quiet
[ "$(figure "$work/nov-alone.csv" AccessedFirstTimeEver)" = 6 ] || fail "November alone"
expect_exit 0 "$mhds" derive "$work/nov" --period 2026-11 --spec "$spec" --unsuppressed \
  --csv "$work/nov-preview.csv" --json "$work/nov-preview.json" --store "$store" --quiet
[ "$(figure "$work/nov-preview.csv" AccessedFirstTimeEver)" = 0 ] || fail "November preview"
[ "$(figure "$work/nov-preview.csv" Caseload)" = 6 ] || fail "November caseload"
[ "$(figure "$work/nov-preview.csv" AccessedInFinancialYearToDate)" = 6 ] || fail "Nov YTD"
grep -q '"months_read": 2' "$work/nov-preview.json" || fail "preview did not read October"
# The preview recorded nothing.
expect_exit 66 "$mhds" derive --store "$store" --month 2026-11 --spec "$spec"

# A later resubmission of October replaces the first: both kept, the later counts.
expect_exit 1 "$mhds" validate "$fixture" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 --spec "$spec" --org RX1 -q \
  --store "$store"
for month in nov:2026-11:30:2026-12 mar:2027-03:31:2027-04 apr:2027-04:30:2027-05; do
  IFS=: read -r name ccyymm last next <<EOT
$month
EOT
  [ -d "$work/$name" ] || move_month "$name" "$ccyymm" "$last" "$next"
  expect_exit 1 "$mhds" validate "$work/$name" --period "$ccyymm" --spec "$spec" --org RX1 -q \
    --uploaded-at "$next-05T10:00:00" --store "$store"
done

# March 2027: nothing new, the year to date still October's 6. April 2027: a new financial year,
# all 6 are first contacts of the year again (never first ever).
expect_exit 0 "$mhds" derive --store "$store" --month 2027-03 --spec "$spec" --unsuppressed \
  --csv "$work/mar.csv"
[ "$(figure "$work/mar.csv" AccessedFirstTimeEver)" = 0 ] || fail "March first ever"
[ "$(figure "$work/mar.csv" AccessedInFinancialYear)" = 0 ] || fail "March first in year"
[ "$(figure "$work/mar.csv" AccessedInFinancialYearToDate)" = 6 ] || fail "March YTD"
expect_exit 0 "$mhds" derive --store "$store" --month 2027-04 --org RX1 --spec "$spec" \
  --unsuppressed --csv "$work/apr.csv" --json "$work/apr.json"
[ "$(figure "$work/apr.csv" AccessedFirstTimeEver)" = 0 ] || fail "April first ever"
[ "$(figure "$work/apr.csv" AccessedInFinancialYear)" = 6 ] || fail "April first in year"
[ "$(figure "$work/apr.csv" AccessedInFinancialYearToDate)" = 6 ] || fail "April YTD"
grep -q '"financial_year": "2027/28"' "$work/apr.json" || fail "April financial year"
grep -q '"months_read": 4' "$work/apr.json" || fail "April read $(grep months_read "$work/apr.json")"

# Usage and missing data.
expect_exit 64 "$mhds" derive --store "$store" --month 2027-13 --spec "$spec"
expect_exit 64 "$mhds" derive --store "$store" --spec "$spec"
expect_exit 66 "$mhds" derive --store "$store" --month 2027-04 --org RX9 --spec "$spec"

echo "history_command: ok"
