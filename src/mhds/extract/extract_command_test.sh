#!/bin/sh
# Shell test of `mhds extract` and `mhds reconcile` on the hand-worked fixtures (expected figures
# in extract_fixture_test.cc and reconcile_test.cc): files, modes, exit codes and bad input.
# Usage: extract_command_test.sh MHDS_BINARY SOURCE_DIR
set -eu
mhds=$1
source_dir=$2
data="$source_dir/src/mhds/extract/testdata"
fixture="$data/post-deadline-2026-10"
spec="$source_dir/specs/mhsds/6.0"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$source_dir/tests/testing/expect_exit.sh"

expect_exit 0 "$mhds" extract --help
grep -q -- "--opt-outs" "$work/out" || fail "extract --help does not list --opt-outs"
expect_exit 0 "$mhds" reconcile --help
grep -q -- "--earlier" "$work/out" || fail "reconcile --help does not list --earlier"

printf '# test list\n9990000018\n999 000 0085\n' >"$work/opt-outs.txt"
printf 'a person key of at least 32 bytes, for tests only\n' >"$work/person.key"

expect_exit 0 "$mhds" extract "$fixture" --period 2026-10 --spec "$spec" --out "$work/x" \
  --opt-outs "$work/opt-outs.txt" --person-key "$work/person.key" --operator tester
grep -q "commissioner-98Y00: 12 rows (5 rows of 1 opted-out people removed)" "$work/out" || fail "98Y00 summary: $(cat "$work/out")"
for d in provider-RX1 commissioner-98Y00 commissioner-99X00; do
  for f in MHS101Referral.csv extract.xml extract.xsd manifest.json; do
    [ -f "$work/x/$d/$f" ] || fail "$d/$f missing"
    [ "$(stat -c %a "$work/x/$d/$f")" = 600 ] || fail "$d/$f is not mode 0600"
  done
  [ "$(stat -c %a "$work/x/$d")" = 700 ] || fail "$d is not mode 0700"
  # Every digest in the manifest is the file's.
  for f in MHS101Referral.csv extract.xml; do
    sum=$(sha256sum "$work/x/$d/$f" | cut -d' ' -f1)
    grep -q "$sum" "$work/x/$d/manifest.json" || fail "$d/manifest.json lacks the digest of $f"
  done
done
grep -q '"created_by": "tester"' "$work/x/commissioner-98Y00/manifest.json" || fail "operator"
! grep -rq 9990000085 "$work/x/commissioner-98Y00" || fail "an opted-out NHS Number in 98Y00"
grep -q 9990000085 "$work/x/provider-RX1/MHS001MPI.csv" || fail "provider lost an opted-out person"
if command -v xmllint >/dev/null 2>&1; then
  xmllint --noout --schema "$work/x/provider-RX1/extract.xsd" "$work/x/provider-RX1/extract.xml" \
    2>/dev/null || fail "xmllint rejects the provider extract"
fi

# Without an opt-out list only the provider extract is written.
expect_exit 0 "$mhds" extract "$fixture" --period 2026-10 --spec "$spec" --out "$work/y" --quiet
[ -d "$work/y/provider-RX1" ] || fail "no provider extract without --opt-outs"
[ ! -e "$work/y/commissioner-99X00" ] || fail "a commissioner extract without --opt-outs"

# Bad input: a short key, a malformed list, a missing submission, a bad period.
printf 'short\n' >"$work/short.key"
expect_exit 64 "$mhds" extract "$fixture" --period 2026-10 --spec "$spec" --out "$work/z" \
  --person-key "$work/short.key"
printf '9990000018\n12345\n' >"$work/bad.txt"
expect_exit 65 "$mhds" extract "$fixture" --period 2026-10 --spec "$spec" --out "$work/z" \
  --opt-outs "$work/bad.txt"
grep -q "bad.txt:2:1:" "$work/err" || fail "opt-out error position: $(cat "$work/err")"
expect_exit 66 "$mhds" extract "$work/nowhere" --period 2026-10 --spec "$spec" --out "$work/z"
expect_exit 64 "$mhds" extract "$fixture" --period 2026-13 --spec "$spec" --out "$work/z"

# Reconcile: differences found and explained (exit 1), CSV and JSON written.
expect_exit 1 "$mhds" reconcile "$fixture" --period 2026-10 --spec "$spec" \
  --local "$data/local-ips-accessed-2026-10.csv" \
  --earlier "$data/post-deadline-2026-09" "$data/post-deadline-2026-03" \
  --csv "$work/r.csv" --json "$work/r.json"
grep -q "differences: 13" "$work/out" || fail "reconcile summary: $(cat "$work/out")"
grep -q "^SR1015,yes,no,referral_rejected,MHS10128," "$work/r.csv" || fail "reconcile CSV"
grep -q '"national_count": 5' "$work/r.json" || fail "reconcile JSON"
[ "$(stat -c %a "$work/r.csv")" = 600 ] || fail "reconcile CSV is not mode 0600"
# Agreement exits 0.
printf 'ServiceRequestID\nSR1002\nSR1004\nSR1011\nSR1013\nSR1017\n' >"$work/agree.csv"
expect_exit 0 "$mhds" reconcile "$fixture" --period 2026-10 --spec "$spec" --local "$work/agree.csv" \
  --earlier "$data/post-deadline-2026-09" "$data/post-deadline-2026-03" --quiet
printf 'ServiceRequestID,FirstContactDate\nSR1002,2026/10/02\n' >"$work/bad.csv"
expect_exit 65 "$mhds" reconcile "$fixture" --period 2026-10 --spec "$spec" --local "$work/bad.csv"
grep -q "bad.csv:2:2:" "$work/err" || fail "local list error position: $(cat "$work/err")"
expect_exit 66 "$mhds" reconcile "$fixture" --period 2026-10 --spec "$spec" --local "$work/none.csv"
echo "extract_command_test: all passed"
