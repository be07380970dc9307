#!/bin/sh
# National rules that mhds checks since issue 2 (they were listed as `unsupported` before): each
# is planted by `mhds generate --defects` in a submission of its own, and `mhds validate` must
# report it with its code, on the planted row, and nothing else (`mhds score` is perfect).
# Usage: newly_checked_rules_test.sh MHDS_BINARY SOURCE_DIR
set -eu
mhds=$1
source_dir=$2
spec=$source_dir/specs/mhsds/6.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Code lists sourced for issue 2 (codes.csv, source hl7-uk-core), and the successor kind.
codes="MHS01207 MHS40122 MHS50113 MHS50115 MHS50123 MHS50125 MHS50129 MHS00223"

for code in $codes; do
  for seed in 1 2; do
    out=$work/$code-$seed
    "$mhds" generate --spec "$spec" --period 2026-10 --patients 20 --seed $seed \
      --defects "$code" --out "$out" --quiet
    if ! grep -q "\"code\": *\"$code\"" "$out/expected.json"; then
      echo "FAIL $code: the generator did not plant it (seed $seed)"
      exit 1
    fi
    uploaded_at=$(sed -n 's/.*"uploaded_at": "\([^"]*\)".*/\1/p' "$out/expected.json")
    "$mhds" validate "$out" --spec "$spec" --period 2026-10 --org RX1 \
      --uploaded-at "$uploaded_at" --json "$out.json" --quiet || true
    if ! grep -q "\"$code\"" "$out.json"; then
      echo "FAIL $code: the validator did not report it (seed $seed)"
      exit 1
    fi
    if ! "$mhds" score "$out.json" "$out/expected.json" >"$out.score"; then
      echo "FAIL $code: imperfect score (seed $seed)"
      cat "$out.score"
      exit 1
    fi
  done
done
# None of them is listed as unsupported any more.
for code in $codes; do
  if grep -q "^$code,.*,unsupported," "$spec/rules.csv"; then
    echo "FAIL $code is still unsupported in rules.csv"
    exit 1
  fi
done
echo "every newly checked rule was planted and found"
