# Sourced by the shell tests of the commands (POSIX sh): fail() and expect_exit(), which runs a
# command with its output in $work/out and $work/err and fails unless it exits with the code
# expected. Needs $work, a folder of the test's own.

fail() {
  echo "FAIL: $*"
  exit 1
}

expect_exit() {  # code command...
  want=$1
  shift
  status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = "$want" ] || fail "exit $status, expected $want: $* ($(cat "$work/err"))"
}
