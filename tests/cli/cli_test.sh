#!/usr/bin/env bash
# End-to-end tests of the mhds command line: exit codes, outputs and error messages, run on the
# golden case folders and on malformed inputs made here. Usage: cli_test.sh MHDS_BINARY SOURCE_DIR
set -u
mhds=$1
src=$2
mini="$src/tests/specs/mini"
cases="$src/tests/cases"
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
lacks() { ! grep -qF -- "$2" "$1" || { echo "  $1 has: $2"; return 1; }; }

opts=(--spec "$mini" --period 2026-10 --uploaded-at 2026-11-05T10:00:00 --org RX1)

# Help and usage.
check "top-level --help" exit_code 0 --help
check "--help names validate" contains "$work/out" "validate"
check "validate --help" exit_code 0 validate --help
check "validate --help documents exit codes" contains "$work/out" "2 file rejected"
check "spec coverage --help" exit_code 0 spec coverage --help
check "unknown option is bad usage" exit_code 64 validate "$cases/clean-submission/submission" --frobnicate
check "no subcommand is bad usage" exit_code 64
check "malformed --period is bad usage" exit_code 64 validate "$cases/clean-submission/submission" --spec "$mini" --period 2026-13
check "malformed --uploaded-at is bad usage" exit_code 64 validate "$cases/clean-submission/submission" --spec "$mini" --uploaded-at yesterday

# Exit codes by outcome.
check "clean submission exits 0" exit_code 0 validate "$cases/clean-submission/submission" "${opts[@]}"
check "clean summary says accepted" contains "$work/out" "ACCEPTED"
check "rejected rows exit 1" exit_code 1 validate "$cases/cascade-three-levels/submission" "${opts[@]}"
check "summary names the root cause" contains "$work/out" "TST00301"
check "file rejection exits 2" exit_code 2 validate "$cases/nhs-number-modulus-11/submission" "${opts[@]}"
check "file rejection summary says rejected" contains "$work/out" "REJECTED"
check "missing input exits 66" exit_code 66 validate "$work/nowhere" "${opts[@]}"
check "missing input is named" contains "$work/err" "$work/nowhere"
check "missing spec exits 66" exit_code 66 validate "$cases/clean-submission/submission" --spec "$work/nospec"

# Outputs.
check "--json - writes JSON to stdout" exit_code 1 validate "$cases/cascade-three-levels/submission" "${opts[@]}" --json -
check "JSON parses" python3 -c "import json,sys; d=json.load(open('$work/out')); assert d['status']=='accepted', d['status']; assert len(d['findings'])==5; assert d['root_causes'][0]['rows_restored']==5"
check "--report-dir writes every report" exit_code 1 validate "$cases/cascade-three-levels/submission" "${opts[@]}" --report-dir "$work/report"
for f in report.json validations.csv data_quality.csv diagnostics.csv aggregation.csv findings.csv root_causes.csv report.html; do
  check "report file $f" test -s "$work/report/$f"
done
check "validations.csv has the national header" contains "$work/report/validations.csv" "REPORT_TYPE,DESCRIPTION,CODE,NUMERATOR,DENOMINATOR,DATA_ITEM1,DATA_VALUE1"
check "no temporary files are left" bash -c "! ls '$work/report' | grep -q tmp"
check "-q prints nothing" exit_code 1 validate -q "$cases/cascade-three-levels/submission" "${opts[@]}"
check "-q output is empty" test ! -s "$work/out"
check "piped output has no colour" exit_code 1 validate "$cases/cascade-three-levels/submission" "${opts[@]}"
check "no escape codes when piped" lacks "$work/out" $'\033['
check "no progress line when piped" lacks "$work/err" $'\r'

# Values that would run as spreadsheet formulas or HTML are escaped.
mkdir -p "$work/inject" && cp "$cases/clean-submission/submission/"*.csv "$work/inject/"
sed -i 's/^R1,P1,2026-09-01,,/=SUM(A1:A9),P1,,,/' "$work/inject/T03Referral.csv"
sed -i 's/^C1,R1,/C1,<script>alert(1)<\/script>,/' "$work/inject/T04Contact.csv"
check "injection case runs" exit_code 1 validate "$work/inject" "${opts[@]}" --report-dir "$work/inject-report"
check "CSV neutralises a formula" contains "$work/inject-report/validations.csv" "'=SUM(A1:A9)"
check "CSV has no bare formula" lacks "$work/inject-report/validations.csv" ',=SUM'
check "HTML escapes markup" lacks "$work/inject-report/report.html" "<script>alert"
check "HTML shows it escaped" contains "$work/inject-report/report.html" "&lt;script&gt;"

# Malformed CSV: exit 65 with file, line and column; never a crash.
malformed() {  # malformed NAME CONTENT EXPECTED-TEXT
  local dir="$work/bad-$1"
  mkdir -p "$dir" && cp "$cases/clean-submission/submission/"*.csv "$dir/"
  printf "$2" > "$dir/T04Contact.csv"
  check "$1 exits 65" exit_code 65 validate "$dir" "${opts[@]}"
  check "$1 message" contains "$work/err" "$3"
}
malformed unterminated-quote 'ContactID,ReferralID,ContactDate,StaffID,Minutes\nC1,"R1,2026-10-03,S1,30\n' "T04Contact.csv:2:"
malformed ragged-row 'ContactID,ReferralID,ContactDate,StaffID,Minutes\nC1,R1,2026-10-03\n' "T04Contact.csv:2:"
malformed nul-byte 'ContactID,ReferralID,ContactDate,StaffID,Minutes\nC1,R\0001,2026-10-03,S1,30\n' "T04Contact.csv:2:"
malformed invalid-utf8 'ContactID,ReferralID,ContactDate,StaffID,Minutes\nC1,R\3771,2026-10-03,S1,30\n' "T04Contact.csv:2:"

# SQLite IDB: the same submission gives the same outcome.
if command -v sqlite3 >/dev/null; then
  db="$work/sub.sqlite"
  for f in "$cases/cascade-three-levels/submission/"*.csv; do
    t=$(basename "$f" .csv)
    sqlite3 "$db" ".mode csv" ".import '$f' $t"
  done
  check "SQLite IDB exits like the CSV folder" exit_code 1 validate "$db" "${opts[@]}" --json "$work/sqlite.json"
  check "SQLite IDB gives the same findings" python3 -c "import json; d=json.load(open('$work/sqlite.json')); assert len(d['findings'])==5, len(d['findings'])"
fi
check "a file that is neither a folder nor SQLite exits 65" bash -c "echo hello > '$work/x.bin'; '$mhds' validate '$work/x.bin' --spec '$mini' >/dev/null 2>&1; [ \$? -eq 65 ]"

# Without --spec, the folder is chosen from the submission's header table and version.
check "MHSDS detected" exit_code 1 validate "$src/examples/mhsds-6.0-sample" --period 2026-10 --uploaded-at 2026-11-05T10:00:00
check "MHSDS 6.0 named" contains "$work/out" "MHSDS 6.0"
check "IAPT 2.0 detected" exit_code 1 validate "$cases/iapt-v20-webinar/submission" --uploaded-at 2030-01-01T00:00:00
check "IAPT 2.0 named" contains "$work/out" "IAPT 2.0"
mkdir -p "$work/iapt-unknown" && cp "$cases/iapt-v20-webinar/submission/"*.csv "$work/iapt-unknown/"
sed -i '2s/^2\.0,/9.9,/' "$work/iapt-unknown/IDS000Header.csv"
check "unknown IAPT version is checked by the folder in force and rejected" exit_code 2 validate "$work/iapt-unknown" --uploaded-at 2030-01-01T00:00:00
check "IAPT folder in force for 2021-10 named" contains "$work/out" "IAPT 2.0"
check "version message names both versions" contains "$work/out" "version 9.9, but the version in force for reporting period 2021-10 is 2.0"
check "--spec specs/iapt picks the header's version" exit_code 1 validate "$cases/iapt-v20-webinar/submission" --spec "$src/specs/iapt" --uploaded-at 2030-01-01T00:00:00
check "--spec specs/iapt names IAPT 2.0" contains "$work/out" "IAPT 2.0"
check "a v2.0 file for 2022-05 is rejected" exit_code 2 validate "$cases/iapt-v20-webinar/submission" --spec "$src/specs/iapt" --period 2022-05 --uploaded-at 2030-01-01T00:00:00

# spec diff: the v2.1 change specification.
check "spec diff --help" exit_code 0 spec diff --help
check "spec diff IAPT" exit_code 0 spec diff "$src/specs/iapt/2.0" "$src/specs/iapt/2.1"
check "spec diff lists IDS003" contains "$work/out" "+ IDS003: IDS003AccommStatus"
check "spec diff lists IDS601" contains "$work/out" "+ IDS601: IDS601MedHistPrevDiag"
check "spec diff lists gender identity" contains "$work/out" "+ IDS001 GenderIDCode"
check "spec diff lists birth date mandation" contains "$work/out" "~ IDS001 PersonBirthDate mandation: R (required) -> M (mandatory)"
check "spec diff lists employment status date mandation" contains "$work/out" "~ IDS004 EmployStatusRecDate mandation: O (optional) -> M (mandatory)"
check "spec diff counts wording-only changes" contains "$work/out" "only reword a rule's message"
check "spec diff --ignore-wording" exit_code 0 spec diff "$src/specs/iapt/2.0" "$src/specs/iapt/2.1" --ignore-wording
check "spec diff --ignore-wording leaves out IDSWRN901" lacks "$work/out" "IDSWRN901"
check "spec diff --json" exit_code 0 spec diff "$src/specs/iapt/2.0" "$src/specs/iapt/2.1" --json
check "spec diff --json counts two new tables" python3 -c "import json; d=json.load(open('$work/out')); assert d['counts']['table']['added']==2, d['counts']"
check "spec diff --csv" exit_code 0 spec diff "$src/specs/iapt/2.0" "$src/specs/iapt/2.1" --csv
check "spec diff --csv header" contains "$work/out" "section,change,table,subject,attribute,before,after"
check "spec diff --csv row" contains "$work/out" "item,changed,IDS001,PersonBirthDate,mandation,R (required),M (mandatory)"
check "spec diff of a missing folder exits 66" exit_code 66 spec diff "$work/nowhere" "$src/specs/iapt/2.1"

# Specification commands.
check "spec check of the mini spec" exit_code 0 spec check "$mini"
check "spec check of MHSDS 6.0" exit_code 0 spec check "$src/specs/mhsds/6.0"
check "spec check of IAPT 2.0" exit_code 0 spec check "$src/specs/iapt/2.0"
check "spec check of IAPT 2.1" exit_code 0 spec check "$src/specs/iapt/2.1"
check "spec coverage of MHSDS 6.0" exit_code 0 spec coverage "$src/specs/mhsds/6.0"
check "coverage counts 1,134 national rules" grep -qE '^total +1134 ' "$work/out"
check "coverage --json" exit_code 0 spec coverage "$src/specs/mhsds/6.0" --json
check "coverage JSON parses" python3 -c "import json; d=json.load(open('$work/out')); assert d['national_rules']==1134"
mkdir -p "$work/badspec" && cp "$mini"/*.csv "$work/badspec/" && sed -i 's/,format,,{item}/,formatt,,{item}/' "$work/badspec/rules.csv"
check "broken spec exits 65" exit_code 65 spec check "$work/badspec"
check "broken spec names file, line and column" contains "$work/err" "rules.csv:16:6: unknown kind 'formatt'"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
