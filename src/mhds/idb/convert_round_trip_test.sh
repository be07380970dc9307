#!/usr/bin/env bash
# End-to-end tests of `mhds convert`: the bundled sample goes CSV folder -> SQLite -> CSV folder
# and comes back byte for byte; validate finds the same on every form (CSV, SQLite, Access); exit
# codes and the JSON summary are as documented. Usage: convert_round_trip_test.sh MHDS SOURCE_DIR
set -u
mhds=$1
src=$2
sample="$src/examples/mhsds-6.0-sample"
access="$src/../shared/testdata/access"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {  # check NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
exit_code() {  # exit_code EXPECTED ARGS... : runs mhds, stores output in $work/out, $work/err
  local expected=$1; shift
  "$mhds" "$@" >"$work/out" 2>"$work/err"
  local code=$?
  [ "$code" -eq "$expected" ] || { echo "  mhds $* exited $code, expected $expected"; sed 's/^/  | /' "$work/err" | head -5; return 1; }
}
contains() { grep -qF -- "$2" "$1" || { echo "  $1 lacks: $2"; return 1; }; }
same_csv_files() {  # same_csv_files DIR_A DIR_B: the same .csv files with the same bytes
  local a=$1 b=$2
  diff <(cd "$a" && ls -- *.csv) <(cd "$b" && ls -- *.csv) || return 1
  for f in "$a"/*.csv; do cmp -- "$f" "$b/$(basename "$f")" || return 1; done
}
# The findings, verdict and counts of a JSON report, without what depends on the form of the
# source (its description, line numbers of text files) or on the run (times).
findings_of() {
  python3 - "$1" <<'PY'
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("line", "source", "report")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))
PY
}
same_findings() {  # same_findings SPEC_ARGS... -- SOURCE_A SOURCE_B
  local args=()
  while [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  local a=$1 b=$2 code_a code_b
  "$mhds" validate "$a" "${args[@]}" --uploaded-at 2026-11-05T10:00:00 --json "$work/a.json" -q
  code_a=$?
  "$mhds" validate "$b" "${args[@]}" --uploaded-at 2026-11-05T10:00:00 --json "$work/b.json" -q
  code_b=$?
  [ "$code_a" -eq "$code_b" ] || { echo "  validate exits $code_a on $a, $code_b on $b"; return 1; }
  [ "$(findings_of "$work/a.json" | wc -l)" -gt 20 ] || { echo "  no report for $a"; return 1; }
  diff <(findings_of "$work/a.json") <(findings_of "$work/b.json") | head -20
  [ "${PIPESTATUS[0]}" -eq 0 ]
}

# Help and usage.
check "convert --help" exit_code 0 convert --help
check "convert --help documents exit codes" contains "$work/out" "66 source missing"
check "top-level --help lists convert" exit_code 0 --help
check "top-level --help names convert" contains "$work/out" "convert"
check "missing OUT is bad usage" exit_code 64 convert "$sample"
check "missing source" exit_code 66 convert "$work/nothing" "$work/x.sqlite"
check "OUT neither .sqlite nor folder" exit_code 64 convert "$sample" "$work/x.txt"
check "OUT kind is explained" contains "$work/err" "trailing slash"

# The sample: CSV folder -> SQLite -> CSV folder, byte for byte; SQLite -> SQLite.
check "sample to SQLite" exit_code 0 convert "$sample" "$work/sample.sqlite" --json "$work/summary.json"
check "summary counts 11 tables" test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tables"]))' "$work/summary.json")" = 11
check "summary rows add up" python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(s["rows"] != sum(t["rows"] for t in s["tables"]) or s["rows"] == 0)' "$work/summary.json"
check "SQLite file is 0600" test "$(stat -c %a "$work/sample.sqlite")" = 600
check "SQLite back to CSV" exit_code 0 convert "$work/sample.sqlite" "$work/back/" -q
check "back folder is 0700" test "$(stat -c %a "$work/back")" = 700
check "CSV -> SQLite -> CSV gives the same bytes" same_csv_files "$sample" "$work/back"
check "SQLite to SQLite" exit_code 0 convert "$work/sample.sqlite" "$work/again.db" -q
check "SQLite -> SQLite keeps every value" exit_code 0 convert "$work/again.db" "$work/back2/" -q
check "... and the bytes" same_csv_files "$sample" "$work/back2"
check "existing OUT needs --force" exit_code 64 convert "$sample" "$work/sample.sqlite"
check "... says so" contains "$work/err" "--force"
check "--force replaces it" exit_code 0 convert "$sample" "$work/sample.sqlite" --force -q
check "--json - prints the summary" exit_code 0 convert "$sample" "$work/stdout.sqlite" --json -
check "... as JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out"
mkdir "$work/precious" && echo keep >"$work/precious/notes.txt"
check "--force never replaces a folder of other files" exit_code 64 convert "$sample" "$work/precious/" --force
check "... which is untouched" test "$(cat "$work/precious/notes.txt")" = keep

# validate finds the same on the converted IDBs as on the originals.
check "same findings: CSV and SQLite" same_findings --period 2026-10 -- "$sample" "$work/sample.sqlite"
check "same findings: CSV and CSV round trip" same_findings --period 2026-10 -- "$sample" "$work/back"
dates=(--spec "$src/tests/specs/access-dates")
check "Access to SQLite" exit_code 0 convert "$access/DateTestDatabase.mdb" "$work/dates.sqlite" "${dates[@]}" -q
check "Access to CSV" exit_code 0 convert "$access/DateTestDatabase.mdb" "$work/dates/" "${dates[@]}" -q
check "same findings: Access and SQLite" same_findings "${dates[@]}" --period 2021-12 -- "$access/DateTestDatabase.mdb" "$work/dates.sqlite"
check "same findings: Access and CSV" same_findings "${dates[@]}" --period 2021-12 -- "$access/DateTestDatabase.mdb" "$work/dates"
for f in nwind.mdb ASampleDatabase.accdb; do
  check "$f to SQLite" exit_code 0 convert "$access/$f" "$work/$f.sqlite" -q
done

# Unreadable input: a ragged CSV row stops the conversion and leaves nothing.
mkdir "$work/ragged" && printf 'x,y\n1,2\n3\n' >"$work/ragged/A.csv"
check "unreadable source" exit_code 65 convert "$work/ragged" "$work/ragged.sqlite"
check "... names the file" contains "$work/err" "A.csv"
check "... and leaves no output" test ! -e "$work/ragged.sqlite"
check "no temporary files left" test -z "$(find "$work" -name '*.tmp-*')"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
