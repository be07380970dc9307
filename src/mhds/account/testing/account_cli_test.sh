#!/usr/bin/env bash
# End to end through the CLI on a SQLite store: an operator sets up an organisation, a user and
# a SIRO grant with `mhds account`; `mhds audit verify` finds the chain intact, then finds the
# entry someone changed behind the service's back. Usage: account_cli_test.sh PATH/TO/mhds
set -euo pipefail
mhds=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
store="sqlite:$dir/store.db"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # expect_exit CODE COMMAND...
  local want=$1; shift
  set +e; "$@" >"$dir/out" 2>"$dir/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "exit $got, not $want, from: $* ($(cat "$dir/err"))"
}

"$mhds" account org create --store "$store" --ods rx1 --name "Demo Provider" --role provider \
  | grep -q "created organisation RX1" || fail "org create"
expect_exit 64 "$mhds" account org create --store "$store" --ods RX1 --name Again --role provider
grep -q "already exists" "$dir/err" || fail "duplicate organisation message"
expect_exit 64 "$mhds" account org create --store "$store" --ods RX2 --name X --role owner

printf 'demo password 123\n' >"$dir/pw"
"$mhds" account user create --store "$store" --org RX1 --username sam --name "Sam SIRO" \
  --password-file "$dir/pw" >"$dir/user"
grep -q '^otpauth://totp/mhds:sam?secret=[A-Z2-7]\{32\}&' "$dir/user" || fail "otpauth URI"
! grep -q "demo password" "$dir/user" || fail "password echoed"
expect_exit 66 "$mhds" account user create --store "$store" --org NOPE1 --username xavier \
  --password-file "$dir/pw"
expect_exit 64 "$mhds" account user create --store "$store" --org RX1 --username yasmin

"$mhds" account grant --store "$store" --username sam --org RX1 --dataset '*' --role siro \
  | grep -q "sam is siro for RX1 \*" || fail "grant"
[ "$(stat -c %a "$dir/store.db")" = 600 ] || fail "store file mode"
! grep -a -q "demo password" "$dir/store.db" || fail "password stored in the clear"

"$mhds" audit verify --store "$store" | grep -q "intact: 3 entries" || fail "verify intact"
# --store wins over $MHDS_STORE, and $MHDS_STORE is the default when --store is not given.
MHDS_STORE="sqlite:$dir/elsewhere.db" "$mhds" audit verify --store "$store" | grep -q "intact: 3 entries" \
  || fail "MHDS_STORE overrode --store"
MHDS_STORE="$store" "$mhds" audit verify | grep -q "intact: 3 entries" || fail "MHDS_STORE default"
"$mhds" audit show --store "$store" --json | grep -q '"event": "access_granted"' || fail "show"

# Someone with write access to the file drops the guard and rewrites entry 2.
sqlite3 "$dir/store.db" "DROP TRIGGER audit_log_no_update;
  UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 2;"
expect_exit 65 "$mhds" audit verify --store "$store" --json
grep -q '"first_broken": 2' "$dir/out" || fail "first broken entry: $(cat "$dir/out")"
expect_exit 74 "$mhds" audit verify --store "sqlite:$dir/no/such/folder.db"
echo "account CLI: ok"
