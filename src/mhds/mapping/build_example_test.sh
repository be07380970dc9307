#!/bin/sh
# End to end through the mhds binary: builds examples/mapping-local-export into an IDB (CSV folder
# and SQLite), checks that `mhds validate` accepts it, that the row counts follow from the exports,
# that a bad value is reported by row and never by value, and what `mhds conformance` prints.
#   build_example_test.sh MHDS SOURCE_DIR
set -eu
mhds=$1
src=$2
example=$src/examples/mapping-local-export
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Builds and validates; exit 0 means accepted with no rejected record.
"$mhds" build --mapping "$example/mapping.toml" --out "$tmp/idb/" --no-color >"$tmp/build.out" \
  2>"$tmp/build.err" || fail "build exited $? ($(cat "$tmp/build.err"))"
grep -q "ACCEPTED" "$tmp/build.out" || fail "no verdict in the build output"
"$mhds" validate "$tmp/idb" --period 2026-10 -q || fail "validate exited $? on the built IDB"

# Row counts follow from the exports: contacts dated in October, distinct referrals, patients.
october=$(grep -c ',2026-10-[0-3][0-9] [0-9:]*,' "$example/exports/contacts.csv" || true)
referrals=$(tail -n +2 "$example/exports/contacts.csv" | cut -d, -f2 | sort -u | wc -l)
patients=$(tail -n +2 "$example/exports/patients.csv" | wc -l)
[ "$(($(wc -l <"$tmp/idb/MHS201CareContact.csv") - 1))" -eq "$october" ] ||
  fail "MHS201CareContact rows differ from the $october October contacts"
[ "$(($(wc -l <"$tmp/idb/MHS101Referral.csv") - 1))" -eq "$referrals" ] ||
  fail "MHS101Referral rows differ from the $referrals distinct referrals"
[ "$(($(wc -l <"$tmp/idb/MHS001MPI.csv") - 1))" -eq "$patients" ] ||
  fail "MHS001MPI rows differ from the $patients patients"
grep -q "MHS201CareContact: $october rows from contacts.csv" "$tmp/build.out" ||
  fail "the build summary does not give the contacts written"

# The same mapping into a SQLite IDB; an existing output is only replaced with --force.
"$mhds" build --mapping "$example/mapping.toml" --out "$tmp/idb.sqlite" -q ||
  fail "build to SQLite exited $?"
"$mhds" validate "$tmp/idb.sqlite" --period 2026-10 -q || fail "validate exited $? on SQLite"
if "$mhds" build --mapping "$example/mapping.toml" --out "$tmp/idb.sqlite" -q 2>/dev/null; then
  fail "build replaced an existing output without --force"
fi
"$mhds" build --mapping "$example/mapping.toml" --out "$tmp/idb.sqlite" -q --force ||
  fail "build --force exited $?"

# JSON beside the human output.
"$mhds" build --mapping "$example/mapping.toml" --out "$tmp/json/" --json - >"$tmp/build.json"
python3 - "$tmp/build.json" <<'PY' || fail "build --json is not what was built"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["failed_values"] == 0 and not d["stopped"], d
assert [t["table"] for t in d["tables"]][:3] == ["MHS000Header", "MHS001MPI", "MHS002GP"], d
assert d["validation"]["file_rejected"] is False and d["validation"]["rows_rejected"] == 0, d
PY

# A birth date that is not a date: exit 65, the row named, the value never printed.
mkdir -p "$tmp/bad/exports"
cp "$example/mapping.toml" "$tmp/bad/"
cp "$example/exports/contacts.csv" "$tmp/bad/exports/"
sed '5s#,[0-9][0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9],#,31/02/1980,#' \
  "$example/exports/patients.csv" >"$tmp/bad/exports/patients.csv"
sed -i 's#^spec = .*#spec = "'"$src"'/specs/mhsds/6.0"#' "$tmp/bad/mapping.toml"
set +e
"$mhds" build --mapping "$tmp/bad/mapping.toml" --out "$tmp/bad/idb/" -q 2>"$tmp/bad.err"
code=$?
set -e
[ "$code" -eq 65 ] || fail "a failed value gave exit $code, expected 65"
grep -q "MHS001MPI.PersonBirthDate: 1 value could not be transformed" "$tmp/bad.err" ||
  fail "the failure is not counted per item: $(cat "$tmp/bad.err")"
grep -q "patients.csv line 5, column 'Date of Birth': not a DD/MM/YYYY date" "$tmp/bad.err" ||
  fail "the failure does not name the row: $(cat "$tmp/bad.err")"
if grep -q "31/02/1980" "$tmp/bad.err"; then fail "the patient's value was printed"; fi
[ -f "$tmp/bad/idb/MHS001MPI.csv" ] || fail "the output was not written despite the failure"

# A mistyped mapping file: exit 65, file, line and column.
sed 's#^LocalPatientID = "RiO No"#LocalPatientId = { colum = "RiO No" }#' \
  "$tmp/bad/mapping.toml" >"$tmp/bad/typo.toml"
set +e
"$mhds" build --mapping "$tmp/bad/typo.toml" --out "$tmp/typo/" 2>"$tmp/typo.err"
code=$?
set -e
[ "$code" -eq 65 ] || fail "a mistyped mapping gave exit $code, expected 65"
grep -q "typo.toml:[0-9]*:[0-9]*: item MHS001MPI.LocalPatientId: unknown key 'colum'" \
  "$tmp/typo.err" || fail "no position for the typo: $(cat "$tmp/typo.err")"
[ ! -e "$tmp/typo" ] || fail "a mistyped mapping wrote output"

# The conformance checklist: every mandatory table mapped, one CSV row per item of the data set.
"$mhds" conformance --mapping "$example/mapping.toml" --csv "$tmp/conformance.csv" \
  --no-color >"$tmp/conformance.out" || fail "conformance exited $?"
grep -q "(4 of 4 mandatory tables)" "$tmp/conformance.out" || fail "mandatory tables not all mapped"
grep -q "^  M  LocalPatientID  *column 'RiO No' of patients" "$tmp/conformance.out" ||
  fail "conformance does not say what feeds LocalPatientID"
[ "$(wc -l <"$tmp/conformance.csv")" -eq "$(wc -l <"$src/specs/mhsds/6.0/items.csv")" ] ||
  fail "the CSV does not hold one row per item"
[ "$(stat -c %a "$tmp/conformance.csv")" = 600 ] || fail "the CSV is not private (0600)"
"$mhds" conformance --mapping "$tmp/bad/typo.toml" >/dev/null 2>&1 && fail "typo accepted"
"$mhds" conformance --mapping "$example/mapping.toml" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["totals"]["mandatory_tables_mapped"] == d["totals"]["mandatory_tables"], d["totals"]
' || fail "conformance --json"
"$mhds" build --help | grep -q -- "--mapping" || fail "build --help"
echo "build example: ok"
