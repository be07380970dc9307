#!/usr/bin/env bash
# `mhds govern` end to end on a SQLite store: an application goes from enquiry through a review
# with a condition, a decision, an agreement, releases (one with national data opt-outs removed),
# an output checked by two people, an audit, expiry and destruction; each precondition on the way
# is first refused with its message. Then the ledger verifies, the register matches the golden
# files, and a tampered ledger row is caught. Usage: govern_cli_test.sh PATH/TO/mhds SOURCE_DIR
set -euo pipefail
mhds=$1
src=$2
data="$src/src/mhds/govern/testdata"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ -z "${GOVERN_KEEP:-}" ] || trap - EXIT
export MHDS_STORE="sqlite:$dir/store.db"
export MHDS_SPECS="$src/specs"
ref=DARS-NIC-100001-AB1CD
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # expect_exit CODE COMMAND...
  local want=$1; shift
  set +e; "$@" >"$dir/out" 2>"$dir/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "exit $got, not $want, from: $* ($(cat "$dir/err"))"
}
expect_refusal() {  # expect_refusal TEXT COMMAND...: exit 64 and TEXT in the message
  local text=$1; shift
  expect_exit 64 "$@"
  grep -q -- "$text" "$dir/err" || fail "no '$text' in: $(cat "$dir/err")"
}
g() { "$mhds" govern "$@"; }
as() { local who=$1 role=$2 at=$3; shift 3; g "$@" --actor "$who" --role "$role" --at "$at"; }

for org in org_university org_trust org_no_contract; do
  as ops case_officer 2026-06-01 org --file "$data/$org.json" >/dev/null
done
expect_refusal "already recorded" as ops case_officer 2026-06-01 org --file "$data/org_trust.json"

printf '{"reference": ' >"$dir/broken.json"
expect_exit 65 as ann applicant 2026-06-02 apply --file "$dir/broken.json"
grep -q "broken.json: byte" "$dir/err" || fail "JSON error position"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["datasets"][0]["items"]=[5]; \
  json.dump(a, open(sys.argv[2], "w")); a["datasets"][0]["items"]=[]; \
  a["datasets"][1]["sensitivity"]="Rather sensitive"; json.dump(a, open(sys.argv[3], "w"))' \
  "$data/application_v1.json" "$dir/bad_items.json" "$dir/bad_vocabulary.json"
expect_refusal "datasets\[0\] items: field 'item' is missing" \
  as ann applicant 2026-06-02 apply --file "$dir/bad_items.json"
expect_refusal "datasets\[1\]: sensitivity 'Rather sensitive' is not one of Non-Sensitive | Sensitive" \
  as ann applicant 2026-06-02 apply --file "$dir/bad_vocabulary.json"
as ann applicant 2026-06-02 apply --file "$data/application_refused.json" | grep -q "version 0.1" \
  || fail "enquiry"
expect_refusal "not allowed in ENQUIRY" as ann applicant 2026-06-03 act --ref $ref --action submit
expect_refusal "role 'case_officer', not 'applicant'" \
  as ann applicant 2026-06-03 act --ref $ref --action assess
as carl case_officer 2026-06-03 act --ref $ref --action assess >/dev/null
as carl case_officer 2026-06-04 act --ref $ref --action proceed | grep -q APPLICATION_DRAFT \
  || fail "proceed"
expect_refusal "Analytics Partner Ltd (X99) holds no data sharing framework contract" \
  as ann applicant 2026-06-05 act --ref $ref --action submit
grep -q "REFERRAL_DATE is not justified" "$dir/err" || fail "items justified message"
grep -q "Cloud backup is in 'United States'" "$dir/err" || fail "UK location message"
as ann applicant 2026-06-06 apply --file "$data/application_v1.json" | grep -q "version 0.2" \
  || fail "second version"
as ann applicant 2026-06-07 act --ref $ref --action submit >/dev/null
as carl case_officer 2026-06-10 act --ref $ref --action refer_to_panel | grep -q PANEL_REVIEW \
  || fail "panel"
expect_refusal "needs --condition" as pat panel 2026-07-01 review --ref $ref --panel AGD \
  --meeting-date 2026-07-01 --outcome recommended_with_conditions
as pat panel 2026-07-01 review --ref $ref --panel AGD --meeting-date 2026-07-01 \
  --outcome recommended_with_conditions --condition "Publish a privacy notice" --json >"$dir/review"
condition=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["conditions"][0])' \
  "$dir/review")
as sue approver 2026-07-10 decide --ref $ref --outcome approve --reason "Benefit shown" \
  | grep -q DSA_ISSUED || fail "decide"
agree=(agree --ref $ref --start 2026-09-01 --end 2027-08-31 --signed-by-nhse sue
       --signed-by-applicant ann --po PO-1)
expect_refusal "still open: #$condition" as carl case_officer 2026-08-20 "${agree[@]}"
as ann applicant 2026-08-01 meet-condition --condition "$condition" \
  --evidence "$data/certificate.txt" >/dev/null
as carl case_officer 2026-08-20 "${agree[@]}" | grep -q ACTIVE || fail "agree"

mhsds="Mental Health Services Data Set (MHSDS)"
iapt="Improving Access to Psychological Therapies (IAPT) v2.1"
expect_refusal "opt-out applies to $mhsds" as dan dissemination 2026-10-15 release --ref $ref \
  --dataset "$mhsds" --file-ref FILE0000001 --month 2026-10 --cohort "$data/cohort.csv" \
  --out "$dir/released.csv"
[ ! -e "$dir/released.csv" ] || fail "a refused release wrote its file"
as dan dissemination 2026-10-15 release --ref $ref --dataset "$mhsds" --file-ref FILE0000001 \
  --month 2026-10 --cohort "$data/cohort.csv" --opt-outs "$data/opt_outs.txt" \
  --out "$dir/released.csv" --json >"$dir/release"
grep -q '"records_before": 10' "$dir/release" || fail "count before"
grep -q '"records_after": 7' "$dir/release" || fail "count after: $(cat "$dir/release")"
[ "$(wc -l <"$dir/released.csv")" -eq 8 ] || fail "released file rows"
! grep -q "9990000005" "$dir/released.csv" || fail "an opted-out record was released"
as dan dissemination 2026-10-16 release --ref $ref --dataset "$iapt" --file-ref FILE0000002 \
  --month 2026-10 | grep -q "opt-outs not applied" || fail "IAPT release"
expect_refusal "channel 'email' is not one of SDE | SEFT" as dan dissemination 2026-10-16 \
  release --ref $ref --dataset "$iapt" --file-ref FILE0000003 --month 2026-10 --channel email
expect_refusal "already released" as dan dissemination 2026-10-16 release --ref $ref \
  --dataset "$iapt" --file-ref FILE0000002 --month 2026-10

# A release of files made by `mhds extract`: the manifest's files, hashes, counts and opt-outs are
# recorded. The provider's own extract (opt-outs not applied) is refused for this legal basis.
printf '9990000018\n' >"$dir/extract_opt_outs.txt"
"$mhds" extract "$src/src/mhds/extract/testdata/post-deadline-2026-10" --period 2026-10 \
  --spec "$src/specs/mhsds/6.0" --out "$dir/extract" --opt-outs "$dir/extract_opt_outs.txt" \
  --operator dan >/dev/null 2>&1 || fail "mhds extract"
expect_refusal "opt-out applies to $mhsds" as dan dissemination 2026-11-05 release --ref $ref \
  --dataset "$mhsds" --file-ref FILE0000004 --month 2026-11 \
  --manifest "$dir/extract/provider-RX1/manifest.json"
as dan dissemination 2026-11-05 release --ref $ref --dataset "$mhsds" --file-ref FILE0000004 \
  --month 2026-11 --manifest "$dir/extract/commissioner-99X00/manifest.json" --json \
  >"$dir/release4"
python3 - "$dir/release4" "$dir/extract/commissioner-99X00" <<'PY'
import hashlib, json, os, sys
r = json.load(open(sys.argv[1]))
assert r["opt_outs_applied"] is True and r["records_before"] - r["records_after"] == 11, r
names = sorted(f for f in os.listdir(sys.argv[2]) if f != "manifest.json")
assert sorted(f["name"] for f in r["files"]) == names, r["files"]
for f in r["files"]:
    content = open(os.path.join(sys.argv[2], f["name"]), "rb").read()
    assert f["sha256"] == hashlib.sha256(content).hexdigest() and f["bytes"] == len(content), f
PY

as cat checker 2026-11-01 check-output --ref $ref --output table1.csv --vote approve >/dev/null
expect_refusal "a second check needs a second person" \
  as cat checker 2026-11-01 check-output --ref $ref --output table1.csv --vote approve
expect_refusal "two different checkers" \
  as dan dissemination 2026-11-02 release-output --ref $ref --output table1.csv
as cid checker 2026-11-02 check-output --ref $ref --output table1.csv --vote approve >/dev/null
as dan dissemination 2026-11-03 release-output --ref $ref --output table1.csv >/dev/null

as aud auditor 2027-03-01 audit --ref $ref --finding "Access log reviewed" --severity minor \
  | grep -q "ACTIVE" || fail "audit"
expect_refusal "has not ended on 2027-05-01" as carl case_officer 2027-05-01 act --ref $ref \
  --action expire
as carl case_officer 2027-09-01 act --ref $ref --action expire >/dev/null
as carl case_officer 2027-09-02 act --ref $ref --action close_out >/dev/null
expect_refusal "not allowed in DESTRUCTION_DUE" as dan dissemination 2027-09-03 release \
  --ref $ref --dataset "$iapt" --file-ref FILE0000003 --month 2027-09
as ann applicant 2027-09-20 destroy --ref $ref --destroyed-on 2027-09-18 \
  --certificate "$data/certificate.txt" | grep -q CLOSED || fail "destroy"
expect_refusal "allowed there: none" as ann applicant 2027-09-21 act --ref $ref --action amend

MHDS_STORE="sqlite:$dir/other.db" g verify --store "sqlite:$dir/store.db" >"$dir/out"
grep -q "intact: 17 entries" "$dir/out" || fail "--store does not win over MHDS_STORE"
g verify | grep -q "intact: 17 entries" || fail "verify: $(g verify)"
g ledger --ref $ref --json | python3 -c 'import json,sys; e=json.load(sys.stdin); \
  assert [x["to"] for x in e][-1] == "CLOSED"; assert all(len(x["hash"]) == 64 for x in e)'

g register --month 2026-10 --out "$dir/register" >/dev/null
for sheet in Agreements Datasets DataReleases; do
  diff "$data/golden/$sheet.csv" "$dir/register/$sheet.csv" || fail "register $sheet differs"
done
g register --month 2026-10 --format json --out "$dir/register.json" >/dev/null
python3 - "$dir/register.json" "$src/specs/governance/register.schema.json" <<'PY'
import json, re, sys
reg = json.load(open(sys.argv[1])); schema = json.load(open(sys.argv[2]))
for sheet in ("Agreements", "Datasets", "DataReleases"):
    row_schema = schema["properties"][sheet]["items"]
    for row in reg[sheet]:
        assert set(row) == set(row_schema["required"]), (sheet, set(row) ^ set(row_schema["required"]))
        for key, value in row.items():
            p = row_schema["properties"][key]
            assert "enum" not in p or value in p["enum"], (key, value)
            assert "pattern" not in p or re.search(p["pattern"], value), (key, value)
assert reg["DataReleases"][0]["Patient Opt-Outs Applied"] == "Yes"
PY
g register --month 2026-10 --format xlsx --out "$dir/register.xlsx" >/dev/null
unzip -l "$dir/register.xlsx" >"$dir/xlsx_list"
grep -q "xl/worksheets/sheet3.xml" "$dir/xlsx_list" || fail "xlsx sheets"
unzip -p "$dir/register.xlsx" xl/workbook.xml | tr -d "\n" >"$dir/workbook.xml"
grep -q "name=\"DataReleases\"" "$dir/workbook.xml" || fail "xlsx sheet names"
g register --month 2026-11 --format json --out "$dir/register11.json" >/dev/null
python3 - "$dir/register11.json" "$dir/extract/commissioner-99X00/manifest.json" <<'PY'
import json, sys
reg = json.load(open(sys.argv[1])); manifest = json.load(open(sys.argv[2]))
files = [r for r in reg["ReleaseFiles"] if r["File Reference"] == "FILE0000004"]
assert [(r["File Name"], r["SHA-256"]) for r in files] == \
    [(f["name"], f["sha256"]) for f in manifest["files"]], files
PY

# Someone with write access to the file drops the guard and rewrites entry 5.
! sqlite3 "$dir/store.db" "UPDATE gov_ledger SET actor = 'x' WHERE seq = 5" 2>"$dir/err" \
  || fail "the ledger accepted an UPDATE"
grep -q "append-only" "$dir/err" || fail "trigger message"
sqlite3 "$dir/store.db" "DROP TRIGGER gov_ledger_no_update; \
  UPDATE gov_ledger SET reason = 'nothing to see' WHERE seq = 5"
expect_exit 65 g verify
grep -q "BROKEN at entry 5" "$dir/out" || fail "tamper not found: $(cat "$dir/out")"
echo "govern_cli_test: ok"
