#!/bin/sh
# The trace ladder reads a packed index's candidates ahead (PackedIndex::PrefetchOffsets and
# PrefetchPerson): checks in the built binary that the code comparing candidates still asks for
# them. GCC takes a function that only prefetches for one without effect, and when the whole
# library is one translation unit it dropped the calls; at ten million people that cost 35 to 40%
# more processor time with the same answers, which no answer test can see (docs/tracing.md,
# "Speed"). Skipped (77) without objdump or off x86-64.
# Usage: trace_prefetch_test.sh MHDS
set -eu
mhds=$1
command -v objdump >/dev/null 2>&1 || { echo "SKIP: no objdump"; exit 77; }
case $(uname -m) in
  x86_64) ;;
  *) echo "SKIP: the check reads x86-64 code"; exit 77 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
objdump -d -C --no-show-raw-insn "$mhds" >"$work/code.txt"

# The bodies of TraceOne and the ladder's Run (inlined into TraceOne when optimised, a function of
# its own otherwise; .cold parts included).
awk '
  /^[0-9a-f]+ <.*>:$/ { body = ($0 ~ /<mhds::trace::TraceOne\(/ || $0 ~ /Ladder::Run\(\)/) }
  body
' "$work/code.txt" >"$work/ladder.txt"
[ -s "$work/ladder.txt" ] || { echo "FAIL: no mhds::trace::TraceOne in $mhds" >&2; exit 1; }

# Either a prefetch instruction inlined into the ladder, or a call to the prefetching functions.
if grep -Eq 'prefetch|call.*Prefetch(Offsets|Person)' "$work/ladder.txt"; then
  echo "ok: the ladder prefetches the candidates it compares"
else
  echo "FAIL: the ladder's code has no prefetch and calls no Prefetch function: the compiler" >&2
  echo "      dropped the read-ahead of candidates (see packed_index.cc, KeepPrefetches)" >&2
  exit 1
fi
