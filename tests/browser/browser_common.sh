# Sourced by the browser tests (browser_test.sh, governance_journey.sh). Needs $here
# (tests/browser), $node_dir and a fail() function.

# Checks that Debian's chromium and npm are there, installs playwright-core into $node_dir exactly
# as locked (again only when the lock file changes), and copies the test scripts named in the
# arguments there beside browser_common.mjs.
prepare_node_dir() {
  [ -x /usr/bin/chromium ] || fail "Debian's chromium is not installed (scripts/setup --deps)"
  command -v npm >/dev/null || fail "npm is not installed (scripts/setup --deps)"
  mkdir -p "$node_dir"
  if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" ||
     [ ! -d "$node_dir/node_modules/playwright-core" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
    (cd "$node_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) ||
      fail "npm ci in $node_dir"
  fi
  local script
  for script in browser_common.mjs "$@"; do cp "$here/$script" "$node_dir/"; done
}

# wait_for_port PID OUT ERR: sets $port once `mhds serve` (process PID, writing to OUT and ERR)
# says where it listens; fails if the server ends first.
wait_for_port() {
  local pid=$1 out=$2 err=$3
  port=""
  while [ -z "$port" ]; do
    kill -0 "$pid" 2>/dev/null || fail "mhds serve ended: $(cat "$err" 2>/dev/null)"
    # OUT may not exist yet (the shell creates it in the child): no port then, not a failure.
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$out" 2>/dev/null || true)
    [ -n "$port" ] || sleep 0.2
  done
}
