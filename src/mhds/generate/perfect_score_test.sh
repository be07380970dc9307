#!/bin/sh
# Perfect-score test: for every bundled spec folder, generate small submissions (two seeds, a
# fixed defect rate, and one without defects), validate them and score the report against
# expected.json; then once more with 1,000 patients at a rate of 0.5, and twice as SQLite IDBs.
# Passes only if every planted defect is found with its exact cascade and nothing else is found.
# Usage: perfect_score_test.sh MHDS_BINARY SOURCE_DIR [ALONE_SEEDS]
# ALONE_SEEDS ("1 2 3"): the seeds with which each file-level rule is planted alone.
set -eu
mhds=$1
source_dir=$2
alone_seeds=${3:-1 2 3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # spec seed rate [format [patients]]
  spec=$1 seed=$2 rate=$3 format=${4:-csv} patients=${5:-300}
  # A period the version is in force (its dataset.csv in_force_from/to): IAPT v2.0 ran to 2022-03.
  period=2026-10
  [ "$spec" = iapt/2.0 ] && period=2021-10
  out="$work/$(echo "$spec" | tr / _)-$seed-$rate-$format"
  "$mhds" generate --spec "$source_dir/specs/$spec" --period $period --patients "$patients" \
    --seed "$seed" --defect-rate "$rate" --out "$out" --format "$format" --quiet
  uploaded_at=$(sed -n 's/.*"uploaded_at": "\([^"]*\)".*/\1/p' "$out/expected.json")
  submission=$out
  if [ "$format" = sqlite ]; then
    submission=$out/idb.sqlite
    if ls "$out"/*.csv >/dev/null 2>&1; then
      echo "FAIL $spec: --format sqlite left CSV files behind"
      exit 1
    fi
  fi
  status=0
  "$mhds" validate "$submission" --spec "$source_dir/specs/$spec" --period $period --org RX1 \
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
  # Breadth: half of 1,000 patients carry a defect, drawn from every plantable rule (MHSDS: some
  # 280 rules of 53 tables, staff and teams among them, planted in spare rows).
  run $spec 3 0.5 csv 1000
done
# Rules of the header and file-level rules, each alone in a submission of its own (a rejected
# header, a missing table or column, a bad NHS Number rejects the whole file, hiding everything
# else). Some header rules cannot be broken without tripping a second one; the generator refuses
# those (exit 64), but most must plant and score perfectly. The checks of the files themselves
# (a table or column missing, a column twice, an unknown column or file), nhs_number and the
# header's max_rows must always plant: with three seeds, which pick different tables (one under
# the sanitizers, where every process is slow).
alone() {  # spec period code seed; prints nothing, fails the test on an imperfect score
  out="$work/$(echo "$1" | tr / _)-alone-$3-$4"
  status=0
  "$mhds" generate --spec "$source_dir/specs/$1" --period "$2" --patients 5 --seed "$4" \
    --defects "$3" --out "$out" --quiet 2>/dev/null || status=$?
  [ "$status" = 0 ] || return $status
  uploaded_at=$(sed -n 's/.*"uploaded_at": "\([^"]*\)".*/\1/p' "$out/expected.json")
  "$mhds" validate "$out" --spec "$source_dir/specs/$1" --period "$2" --org RX1 \
    --uploaded-at "$uploaded_at" --json "$out.report.json" --quiet || true
  if ! "$mhds" score "$out.report.json" "$out/expected.json"; then
    echo "FAIL $1: imperfect score for the rule $3 planted alone (seed $4)"
    exit 1
  fi
}
for spec in mhsds/6.0 iapt/2.0 iapt/2.1; do
  planted=0
  period=2026-10
  [ "$spec" = iapt/2.0 ] && period=2021-10
  "$mhds" generate --spec "$source_dir/specs/$spec" --list-defects |
    awk -F'\t' '$4 ~ /plant it alone/ { print $1, $3 }' >"$work/alone.txt"
  while read -r code kind; do
    case $kind in
      missing_table | empty_table | missing_column | duplicate_column | unknown_column | \
        unknown_table | nhs_number | max_rows)
        for seed in $alone_seeds; do
          status=0
          alone $spec $period "$code" $seed || status=$?
          if [ "$status" != 0 ]; then
            echo "FAIL $spec: the file-level rule $code ($kind) could not be planted alone"
            exit 1
          fi
        done
        ;;
      *)
        status=0
        alone $spec $period "$code" 1 || status=$?
        if [ "$status" = 64 ]; then continue; fi
        if [ "$status" != 0 ]; then
          echo "FAIL $spec: generating $code alone exited $status"
          exit 1
        fi
        ;;
    esac
    planted=$((planted + 1))
  done <"$work/alone.txt"
  if [ "$planted" -lt 13 ]; then
    echo "FAIL $spec: only $planted header and file-level rules could be planted alone"
    exit 1
  fi
done
# The same planted defects, found the same way, in a SQLite IDB.
run mhsds/6.0 2 0.2 sqlite
run iapt/2.1 1 0.2 sqlite
echo "perfect scores for every spec folder"
