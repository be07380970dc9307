#!/bin/sh
# End-to-end test of `mhds trace`: index load, the example request, malformed files, exit codes,
# the JSON-lines explanation, fit and evaluate.
# Usage: trace_command_test.sh MHDS EXAMPLES_DIR
set -eu
mhds=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect CODE COMMAND...: runs the command and checks its exit code.
expect() {
  want=$1
  shift
  set +e
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  got=$?
  set -e
  [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $* ($(cat "$work/err.txt"))"
}

# field REF COLUMN: the 1-based column of the response record with UNIQUE REFERENCE = REF.
field() {
  awk -F, -v ref="$1" -v col="$2" 'NR > 1 && $1 == ref { print $col }' "$work/response.csv" |
    tr -d '\r'
}

expect 0 "$mhds" trace --help
expect 0 "$mhds" trace index load "$examples/people.csv" --index "$work/people.sqlite"
[ "$(stat -c %a "$work/people.sqlite")" = 600 ] || fail "index is not mode 0600"

request="$examples/MPTREQ_20261123120000.csv"
expect 0 "$mhds" trace "$request" --index "$work/people.sqlite" --out "$work/response.csv" \
  --explain "$work/explain.csv"
[ "$(stat -c %a "$work/response.csv")" = 600 ] || fail "response is not mode 0600"
head -n 1 "$work/response.csv" | tr -d '\r' |
  grep -qx 'MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,22,00' || fail "response header"

# reference, expected code, matched number, indicator (columns 26, 27, 28).
while read -r ref code number indicator; do
  [ "$(field "$ref" 26)" = "$code" ] || fail "$ref: code $(field "$ref" 26), expected $code"
  [ "$(field "$ref" 27)" = "$number" ] || fail "$ref: number $(field "$ref" 27), expected $number"
  [ "$(field "$ref" 28)" = "$indicator" ] || fail "$ref: indicator $(field "$ref" 28)"
done <<'TABLE'
R01 00 9990000018 1
R02 00 9990000018 3
R03 90 9990000026 1
R04 00 9990000018 3
R05 00 9990000034 3
R06 00 9990000085 3
R07 00 9990000026 3
R08 00 9990000107 3
R09 00 9990000042 3
R10 00 9990000093 4
R11 92 9990000050 3
R21 00 9990000115 3
R22 00 9990000018 4
TABLE
while read -r ref code indicator; do
  [ "$(field "$ref" 26)" = "$code" ] || fail "$ref: code $(field "$ref" 26), expected $code"
  [ -z "$(field "$ref" 27)" ] || fail "$ref: a number was returned"
  [ "$(field "$ref" 28)" = "$indicator" ] || fail "$ref: indicator $(field "$ref" 28)"
done <<'TABLE'
R12 97 3
R13 97 3
R14 00 4
R15 96 0
R16 91 0
R17 12 0
R18 13 0
R19 16 0
TABLE
[ "$(field '' 26)" = 10 ] || fail "the row without a reference is not code 10"
# A sensitive record: no address comes back.
[ -z "$(field R11 14)" ] || fail "R11: postcode returned for a sensitive record"
[ "$(wc -l <"$work/explain.csv")" -eq 23 ] || fail "explanation is not one line per row"
grep -q '^R09,.*relaxed_day_month_swap' "$work/explain.csv" || fail "R09 explanation"

# The golden response and explanation, byte for byte (examples/trace/README.md says what each row
# tests; a change to either file is a change of answers and must be reviewed as one).
cmp -s "$work/response.csv" "$examples/golden_response.csv" ||
  fail "the response differs from examples/trace/golden_response.csv"
# Run from the examples' folder: a row's reason names the request file as it was given.
(cd "$examples" && "$mhds" trace MPTREQ_20261123120000.csv --index "$work/people.sqlite" \
  --out "$work/golden.csv" --explain-jsonl "$work/golden.jsonl" -q) || fail "golden run"
cmp -s "$work/golden.jsonl" "$examples/golden_explain.jsonl" ||
  fail "the explanation differs from examples/trace/golden_explain.jsonl"

# The same answer twice, byte for byte.
expect 0 "$mhds" trace "$request" --index "$work/people.sqlite" --out "$work/again.csv" -q
cmp -s "$work/response.csv" "$work/again.csv" || fail "two runs differ"

# With a block cap of 0 no demographic search can be made: a row with no number to cross-check
# is code 15 (no trace performed), indicator 0; a cross-checked row is still answered.
expect 0 "$mhds" trace "$request" --index "$work/people.sqlite" --out "$work/capped.csv" \
  --max-block 0 -q
capped() {
  awk -F, -v ref="$1" -v col="$2" 'NR > 1 && $1 == ref { print $col }' "$work/capped.csv" |
    tr -d '\r'
}
[ "$(capped R02 26)" = 15 ] && [ "$(capped R02 28)" = 0 ] && [ -z "$(capped R02 27)" ] ||
  fail "R02 with every block over the cap: code $(capped R02 26), expected 15"
[ "$(capped R01 26)" = 00 ] || fail "R01's cross-check should not need a block"

expect 0 "$mhds" trace "$request" --index "$work/people.sqlite" --out "$work/r.csv" --json
grep -q '"file_code": "00"' "$work/out.txt" || fail "--json summary"

# A file whose header count is wrong is rejected whole with code 04 and exit 2.
sed '1s/,22$/,21/; 1s/,22\r$/,21\r/' "$request" >"$work/bad_count.csv"
expect 2 "$mhds" trace "$work/bad_count.csv" --index "$work/people.sqlite" --out "$work/bad.csv"
head -n 1 "$work/bad.csv" | tr -d '\r' | grep -q ',0,04$' || fail "code 04 not in the header"
# A count above the rows is found only at the end of the file, after its rows were traced and
# written: the outputs are still the file-level answer alone, and no temporary file is left.
sed '1s/,22$/,23/; 1s/,22\r$/,23\r/' "$request" >"$work/late_count.csv"
expect 2 "$mhds" trace "$work/late_count.csv" --index "$work/people.sqlite" --out "$work/late.csv" \
  --explain-jsonl "$work/late.jsonl" --threads 2
head -n 1 "$work/late.csv" | tr -d '\r' | grep -q ',0,04$' || fail "code 04 not in the header"
[ "$(wc -l <"$work/late.csv")" -eq 1 ] || fail "rows left in the response of a rejected file"
[ "$(wc -l <"$work/late.jsonl")" -eq 1 ] || fail "rows left in the explanation of a rejected file"
! ls "$work" | grep -q 'tmp-' || fail "a temporary file was left: $(ls "$work")"
printf 'MPTREQ_20261123120000,SPINE_OTHER,20261123120000,0\r\n' >"$work/bad_workflow.csv"
expect 2 "$mhds" trace "$work/bad_workflow.csv" --index "$work/people.sqlite" --out "$work/bad.csv"
head -n 1 "$work/bad.csv" | tr -d '\r' | grep -q ',03$' || fail "code 03 not in the header"
printf '"unterminated\r\n' >"$work/not_csv.csv"
expect 2 "$mhds" trace "$work/not_csv.csv" --index "$work/people.sqlite" --out "$work/bad.csv"
head -n 1 "$work/bad.csv" | tr -d '\r' | grep -q ',01$' || fail "code 01 not in the header"

# Usage, missing inputs, an unreadable index, an unwritable output.
expect 64 "$mhds" trace "$request" --index "$work/people.sqlite"
expect 66 "$mhds" trace "$work/missing.csv" --index "$work/people.sqlite" --out "$work/x.csv"
expect 66 "$mhds" trace "$request" --index "$work/missing.sqlite" --out "$work/x.csv"
expect 65 "$mhds" trace "$request" --index "$request" --out "$work/x.csv" \
  --explain-jsonl "$work/x.jsonl"
# The index cannot be read, so the sender is answered with code 14 (datastore error), no rows.
head -n 1 "$work/x.csv" | tr -d '\r' |
  grep -qx 'MPTREQ_20261123120000,SPINE_MPTPHASE4_TRACE,0,14' || fail "no 14 for a bad index"
[ "$(wc -l <"$work/x.csv")" -eq 1 ] || fail "rows answered against an unreadable index"
grep -q '"code":"14"' "$work/x.jsonl" || fail "the explanation lacks code 14"
expect 74 "$mhds" trace "$request" --index "$work/people.sqlite" --out "$work/no/such/dir/x.csv"
printf 'RECORD_TYPE\nperson\n' >"$work/bad_people.csv"
expect 65 "$mhds" trace index load "$work/bad_people.csv" --index "$work/bad.sqlite"
[ ! -e "$work/bad.sqlite" ] || fail "a failed load left an index behind"

# A generated population traces end to end.
expect 0 "$mhds" trace generate --people 500 --requests 50 --seed 3 --dir "$work/gen"
expect 0 "$mhds" trace index load "$work/gen/people.csv" --index "$work/gen/people.sqlite"
expect 0 "$mhds" trace "$work/gen/MPTREQ_20261123120000.csv" --index "$work/gen/people.sqlite" \
  --out "$work/gen/response.csv" --score-columns
[ "$(sed -n 2p "$work/gen/response.csv" | tr -d '\r' | awk -F, '{ print NF }')" -eq 34 ] ||
  fail "--score-columns does not give 34 columns"

# The explanation as JSON lines: one object per request row, keyed by the reference.
expect 0 "$mhds" trace "$work/gen/MPTREQ_20261123120000.csv" --index "$work/gen/people.sqlite" \
  --out "$work/gen/response.csv" --explain-jsonl "$work/gen/explain.jsonl"
[ "$(wc -l <"$work/gen/explain.jsonl")" -eq 50 ] || fail "explain-jsonl is not one line per row"
grep -q '^{.*"unique_reference":"R000001"' "$work/gen/explain.jsonl" || fail "explain-jsonl key"

# fit writes a parameters file that trace and evaluate read back; a broken one is refused (65).
expect 0 "$mhds" trace fit --index "$work/gen/people.sqlite" \
  --requests "$work/gen/MPTREQ_20261123120000.csv" --out "$work/gen/params.csv" --u-pairs 20000
head -n 1 "$work/gen/params.csv" | grep -q '^field,level,m,u,description$' || fail "params header"
expect 0 "$mhds" trace evaluate "$work/gen/MPTREQ_20261123120000.csv" \
  --index "$work/gen/people.sqlite" --expected "$work/gen/expected.csv" \
  --params "$work/gen/params.csv" --json
grep -q '"precision"' "$work/out.txt" || fail "evaluate --json has no precision"
grep -q '"probabilistic"\|"exact"' "$work/out.txt" || fail "evaluate --json has no steps"
cp "$work/out.txt" "$work/evaluate-1.json"
expect 0 "$mhds" trace evaluate "$work/gen/MPTREQ_20261123120000.csv" \
  --index "$work/gen/people.sqlite" --expected "$work/gen/expected.csv" \
  --params "$work/gen/params.csv" --json --threads 3
cmp -s "$work/out.txt" "$work/evaluate-1.json" || fail "evaluate --threads 3 scores differently"
printf 'field,level,m,u\ngender,exact,2,0.5\n' >"$work/bad_params.csv"
expect 65 "$mhds" trace "$work/gen/MPTREQ_20261123120000.csv" --index "$work/gen/people.sqlite" \
  --out "$work/gen/response.csv" --params "$work/bad_params.csv"
grep -q 'bad_params.csv:2: column 3 (m)' "$work/err.txt" || fail "bad params message"
expect 66 "$mhds" trace evaluate "$work/gen/MPTREQ_20261123120000.csv" \
  --index "$work/gen/people.sqlite" --expected "$work/gen/missing.csv"

# A packed index (`index build`) answers byte for byte as the SQLite one does.
expect 0 "$mhds" trace index build "$examples/people.csv" --out "$work/people.mhdsidx"
[ "$(stat -c %a "$work/people.mhdsidx")" = 600 ] || fail "packed index is not mode 0600"
expect 0 "$mhds" trace "$request" --index "$work/people.mhdsidx" --out "$work/packed.csv" \
  --explain "$work/packed_explain.csv"
cmp -s "$work/response.csv" "$work/packed.csv" || fail "packed index: response differs"
cmp -s "$work/explain.csv" "$work/packed_explain.csv" || fail "packed index: explanation differs"
expect 0 "$mhds" trace index build "$work/gen/people.csv" --out "$work/gen/people.mhdsidx" --json \
  --max-block 2
grep -q '"over_cap": [1-9]' "$work/out.txt" || fail "build --json does not report oversized blocks"
expect 0 "$mhds" trace "$work/gen/MPTREQ_20261123120000.csv" --index "$work/gen/people.mhdsidx" \
  --out "$work/gen/packed.csv" --explain-jsonl "$work/gen/packed.jsonl"
cmp -s "$work/gen/response.csv" "$work/gen/packed.csv" || fail "generated: response differs"
cmp -s "$work/gen/explain.jsonl" "$work/gen/packed.jsonl" || fail "generated: explanation differs"
# Whatever the memory and threads: the same index, the same answers.
expect 0 "$mhds" trace index build "$work/gen/people.csv" --out "$work/gen/small.mhdsidx" \
  --max-block 2 --memory-mb 1
cmp -s "$work/gen/people.mhdsidx" "$work/gen/small.mhdsidx" || fail "--memory-mb 1: index differs"
for threads in 1 3; do
  expect 0 "$mhds" trace "$work/gen/MPTREQ_20261123120000.csv" --index "$work/gen/people.mhdsidx" \
    --out "$work/gen/t$threads.csv" --explain-jsonl "$work/gen/t$threads.jsonl" --threads "$threads"
  cmp -s "$work/gen/response.csv" "$work/gen/t$threads.csv" || fail "--threads $threads: response differs"
  cmp -s "$work/gen/explain.jsonl" "$work/gen/t$threads.jsonl" ||
    fail "--threads $threads: explanation differs"
done
# A build killed at any moment leaves nothing at --out, or the whole index: never part of one.
"$mhds" trace index build "$work/gen/people.csv" --out "$work/gen/killed.mhdsidx" --max-block 2 \
  --memory-mb 1 >/dev/null 2>&1 &
kill -9 $! 2>/dev/null || true
wait $! 2>/dev/null || true
[ ! -e "$work/gen/killed.mhdsidx" ] || cmp -s "$work/gen/people.mhdsidx" "$work/gen/killed.mhdsidx" ||
  fail "a killed build left part of an index"
expect 65 "$mhds" trace index build "$work/bad_people.csv" --out "$work/bad.mhdsidx"
[ ! -e "$work/bad.mhdsidx" ] || fail "a failed build left an index behind"
for left in "$work"/bad.mhdsidx.build-*; do
  [ ! -e "$left" ] || fail "a failed build left its temporary files behind"
done
expect 66 "$mhds" trace index build "$work/missing.csv" --out "$work/bad.mhdsidx"
head -c 100 "$work/people.mhdsidx" >"$work/cut.mhdsidx"
expect 65 "$mhds" trace "$request" --index "$work/cut.mhdsidx" --out "$work/x.csv"
grep -q 'not a packed mhds trace index' "$work/err.txt" || fail "truncated packed index message"
echo "PASS"
