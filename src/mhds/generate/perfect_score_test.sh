#!/bin/sh
# Perfect-score test: for every bundled spec folder, generate small submissions (two seeds, a
# fixed defect rate, and one without defects), validate them and score the report against
# expected.json. Passes only if every planted defect is found with its exact cascade and nothing
# else is found. Usage: perfect_score_test.sh MHDS_BINARY SOURCE_DIR
set -eu
mhds=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
period=2026-10

run() {  # spec seed rate
  spec=$1 seed=$2 rate=$3
  out="$work/$(echo "$spec" | tr / _)-$seed-$rate"
  "$mhds" generate --spec "$source_dir/specs/$spec" --period $period --patients 300 \
    --seed "$seed" --defect-rate "$rate" --out "$out" --quiet
  uploaded_at=$(sed -n 's/.*"uploaded_at": "\([^"]*\)".*/\1/p' "$out/expected.json")
  status=0
  "$mhds" validate "$out" --spec "$source_dir/specs/$spec" --period $period --org RX1 \
    --uploaded-at "$uploaded_at" --json "$out.report.json" --quiet || status=$?
  if [ "$rate" = 0 ] && [ "$status" != 0 ]; then
    echo "FAIL $spec seed $seed: a submission without defects was not accepted (exit $status)"
    exit 1
  fi
  if ! "$mhds" score "$out.report.json" "$out/expected.json"; then
    echo "FAIL $spec seed $seed rate $rate: imperfect score"
    exit 1
  fi
  defects=$(grep -c '"code":' "$out/expected.json" || true)
  if [ "$rate" != 0 ] && [ "$defects" -lt 10 ]; then
    echo "FAIL $spec seed $seed: only $defects defects planted at rate $rate"
    exit 1
  fi
}

for spec in mhsds/6.0 iapt/2.0 iapt/2.1; do
  run $spec 1 0
  run $spec 1 0.2
  run $spec 2 0.2
done
echo "perfect scores for every spec folder"
