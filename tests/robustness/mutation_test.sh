#!/usr/bin/env bash
# Validates damaged copies of the bundled submissions (tests/robustness/mutate_submission.py) and
# requires every run to end with a documented exit code (0, 1, 2, or 65 for unreadable input) and,
# when the submission was read, a complete report folder: no crash, no sanitizer report, no lost
# report. Usage: mutation_test.sh MHDS_BINARY SOURCE_DIR [RUNS_PER_SAMPLE]
set -u
mhds=$1
src=$2
runs=${3:-25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for sample in "$src/examples/mhsds-6.0-sample" "$src/tests/cases/iapt-v20-webinar/submission"; do
  # Each sample is checked against its own reporting month, so row rules run, not just a
  # period rejection.
  period=$(sed -n '2s/.*,\([0-9]\{4\}-[0-9][0-9]\)-01,.*/\1/p' "$sample"/*000Header.csv)
  for seed in $(seq 1 "$runs"); do
    python3 "$src/tests/robustness/mutate_submission.py" "$sample" "$work/sub" "$seed"
    rm -rf "$work/report"
    "$mhds" validate "$work/sub" --period "$period" --uploaded-at 2026-11-05T10:00:00 --org RX1 \
      --report-dir "$work/report" -q >"$work/out" 2>"$work/err"
    rc=$?
    ok=1
    case $rc in
      0|1|2) [ -s "$work/report/report.json" ] && [ -s "$work/report/report.html" ] || ok=0 ;;
      65) ;;
      *) ok=0 ;;
    esac
    if [ $ok -eq 1 ]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAILED: $(basename "$sample") seed $seed exited $rc"
      head -5 "$work/err"
    fi
  done
done
echo "mutations: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
