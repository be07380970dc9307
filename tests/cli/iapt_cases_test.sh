#!/usr/bin/env bash
# Runs every IAPT golden case (tests/cases/iapt-*) and the MHSDS version cases
# (tests/cases/mhsds-version-*) through the command line twice: `mhds validate`
# on the CSV folder, and `mhds convert` to a SQLite IDB then `mhds validate` on that. Each run's
# JSON report must hold exactly the findings of the case's expected.txt (CODE TABLE ROW ITEM
# cause=CODE@TABLE:ROW) and exit with the case's exit code, so a CSV folder and a SQLite IDB of
# the same submission are judged alike. Usage: iapt_cases_test.sh MHDS_BINARY SOURCE_DIR
set -u
mhds=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

setting() { sed -n "s/^$2: *//p" "$1"; }  # setting CASE_TXT NAME

# Prints the findings of a JSON report as sorted expected.txt lines.
findings() {
  python3 - "$1" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
by_id = {f['id']: f for f in doc['findings']}
lines = []
for f in doc['findings']:
    line = '%s %s %s %s' % (f['code'], f['table'] or '-', f['row'] or 0, f['item'] or '-')
    if f['cause']:
        c = by_id[f['cause']]
        line += ' cause=%s@%s:%s' % (c['code'], c['table'] or '-', c['row'] or 0)
    lines.append(line)
if lines:
    print('\n'.join(sorted(lines)))
EOF
}

run_case() {  # run_case CASE_DIR INPUT LABEL
  local dir=$1 input=$2 label=$3 code
  local name
  name=$(basename "$dir")
  # cli_spec: what --spec is given on the command line (a data set root such as specs/iapt lets
  # validate pick the version folder); spec, the version folder, otherwise.
  local spec_option
  spec_option=$(setting "$dir/case.txt" cli_spec)
  [ -n "$spec_option" ] || spec_option=$(setting "$dir/case.txt" spec)
  "$mhds" validate "$input" --spec "$src/$spec_option" \
    --period "$(setting "$dir/case.txt" period)" --org "$(setting "$dir/case.txt" org)" \
    --uploaded-at "$(setting "$dir/case.txt" uploaded_at)" --json "$work/report.json" \
    >/dev/null 2>"$work/err"
  code=$?
  if [ "$code" != "$(setting "$dir/case.txt" exit)" ]; then
    failed=$((failed + 1))
    echo "FAILED: $name ($label) exited $code, expected $(setting "$dir/case.txt" exit)"
    sed 's/^/  | /' "$work/err" | head -5
    return
  fi
  # message: text the file-level finding's message must hold.
  local message
  message=$(setting "$dir/case.txt" message)
  if [ -n "$message" ] && ! grep -qF "$message" "$work/report.json"; then
    failed=$((failed + 1))
    echo "FAILED: $name ($label) no finding's message holds: $message"
    return
  fi
  if diff <(grep -v '^#' "$dir/expected.txt" | LC_ALL=C sort) <(findings "$work/report.json") >"$work/diff"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name ($label) findings differ (< expected, > actual)"
    sed 's/^/  | /' "$work/diff"
  fi
}

for dir in "$src"/tests/cases/iapt-*/ "$src"/tests/cases/mhsds-version-*/; do
  dir=${dir%/}
  [ -f "$dir/case.txt" ] && [ -d "$dir/submission" ] || continue
  run_case "$dir" "$dir/submission" "CSV folder"
  db="$work/$(basename "$dir").sqlite"
  if "$mhds" convert "$dir/submission" "$db" --spec "$src/$(setting "$dir/case.txt" spec)" \
      >/dev/null 2>"$work/err"; then
    run_case "$dir" "$db" "SQLite"
  else
    failed=$((failed + 1))
    echo "FAILED: $(basename "$dir") could not be converted to SQLite"
    sed 's/^/  | /' "$work/err" | head -5
  fi
done

echo "$passed passed, $failed failed"
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
