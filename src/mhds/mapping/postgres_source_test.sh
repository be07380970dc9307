#!/bin/sh
# A PostgreSQL source, end to end: starts a throwaway cluster (Unix socket only, in a private
# folder, so no TCP port is used), builds a table from a query, and checks the values and that
# the connection string (which may hold a password) is never printed. Exits 77 (skipped) when no
# cluster can be started here.
#   postgres_source_test.sh MHDS SOURCE_DIR
set -eu
mhds=$1
src=$2
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || skip "no PostgreSQL server binaries"
tmp=$(mktemp -d)
chmod 755 "$tmp"
as_owner=""
if [ "$(id -u)" -eq 0 ]; then  # the server refuses to run as root
  id postgres >/dev/null 2>&1 || { rm -rf "$tmp"; skip "running as root without a postgres user"; }
  as_owner="runuser -u postgres --"
  mkdir "$tmp/pg" && chown postgres "$tmp/pg"
else
  mkdir "$tmp/pg"
fi
stop() {
  $as_owner "$bin/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
$as_owner "$bin/initdb" -D "$tmp/pg/data" -A trust -U postgres >"$tmp/initdb.log" 2>&1 ||
  skip "initdb failed: $(tail -n 1 "$tmp/initdb.log")"
$as_owner "$bin/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/server.log" -w \
  -o "-c listen_addresses='' -k $tmp/pg" start >/dev/null 2>&1 || skip "the server did not start"
psql() { $as_owner "$bin/psql" -X -q -h "$tmp/pg" -U postgres -d postgres "$@"; }
psql -c "CREATE TABLE teams(code text, kind text, ages text);
         INSERT INTO teams VALUES ('CMHTN01', 'Community MH', '3'), ('CRHT01', 'Crisis', NULL),
                                  ('OLD01', 'Closed', '3');" || fail "cannot create the table"

connection="host=$tmp/pg user=postgres dbname=postgres password=not-a-real-secret"
cat >"$tmp/mapping.toml" <<TOML
spec = "$src/specs/mhsds/6.0"
period = "2026-10"
[sources.warehouse]
postgres = "$connection"
query = "SELECT code, kind, ages FROM teams WHERE code <> 'OLD01' ORDER BY code"
[tables.MHS902ServiceTeamDetails]
source = "warehouse"
[tables.MHS902ServiceTeamDetails.items]
CareProfTeamLocalID = "code"
OrgIDCareProfTeamLocalID = { value = "RX1" }
ServTeamTypeMH = { column = "kind", codes = { "Community MH" = "A06", Crisis = "A02" } }
ServTeamIntAgeGroup = { column = "ages", pad = 2, default = "01" }
TOML
"$mhds" build --mapping "$tmp/mapping.toml" --out "$tmp/idb/" --no-validate -q 2>"$tmp/err" ||
  fail "build exited $?: $(cat "$tmp/err")"
python3 - "$tmp/idb/MHS902ServiceTeamDetails.csv" <<'PY' || fail "wrong values from PostgreSQL"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
got = [(r["CareProfTeamLocalID"], r["ServTeamTypeMH"], r["ServTeamIntAgeGroup"]) for r in rows]
# NULL reads as blank, so the default applies; '3' is padded to '03'.
assert got == [("CMHTN01", "A06", "03"), ("CRHT01", "A02", "01")], got
PY

# A query that fails: exit 65, PostgreSQL's reason, never the connection string.
sed -i 's/FROM teams/FROM no_such_table/' "$tmp/mapping.toml"
set +e
"$mhds" build --mapping "$tmp/mapping.toml" --out "$tmp/idb2/" --no-validate 2>"$tmp/err"
code=$?
set -e
[ "$code" -eq 65 ] || fail "a failing query gave exit $code, expected 65"
grep -q "PostgreSQL source 'warehouse'.*no_such_table" "$tmp/err" || fail "no reason: $(cat "$tmp/err")"
if grep -q "not-a-real-secret" "$tmp/err"; then fail "the connection string was printed"; fi
echo "postgres source: ok"
