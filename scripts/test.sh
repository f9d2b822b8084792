#!/usr/bin/env bash
# The README's second command: install whatever is missing (scripts/setup.sh --with-browser), then
# run every check, stopping at the first failure with a clear message:
#
#    1 setup                   tools present (first run on a fresh machine: ~15 min, mostly compiling Trunk)
#    2 fmt                     cargo fmt --all -- --check
#    3 imports                 no import circle among the modules of src/jwt and src/sim (scripts/import-cycles.mjs)
#    4 clippy                  cargo clippy --all-targets -- -D warnings              (native)
#    5 clippy-wasm             cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
#    6 cargo-test              cargo test                                            (native, all tests)
#    7 build                   trunk build --release --public-url /jwt-playground/   (dist/: the site)
#    8 size                    gzip -9 size of dist/, printed against the 615 KB budget (a report:
#                              sizes are measured, never asserted in tests; scripts/size-check.sh and
#                              scripts/bench.sh are the checks that fail over it)
#    9 e2e                     Playwright in Debian's Chromium against dist/, served under /jwt-playground/
#
# Extra arguments go to Playwright (e.g. scripts/test.sh tests/debugger.spec.ts -g tamper, or
# scripts/test.sh tests/playground.spec.ts).
# Env: E2E_PORT (default 4173) for the test server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"
START=$SECONDS
STEP_NO=0
STEP_TOTAL=9
SUMMARY=()
CARGO_PASSED=0
CARGO_FAILED=0
CARGO_IGNORED=0

fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# step NAME HINT CMD...: runs one check; on failure says which, why it may fail, and stops.
step() {
  local name="$1" hint="$2"
  shift 2
  STEP_NO=$((STEP_NO + 1))
  echo ""
  echo "==> [$STEP_NO/$STEP_TOTAL] $name: $*"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if [ "$rc" -ne 0 ]; then
    echo "" >&2
    echo "[test] FAILED at step $STEP_NO/$STEP_TOTAL '$name' (exit $rc, after $(fmt_time "$dt"))." >&2
    echo "[test] $hint" >&2
    for line in "${SUMMARY[@]}"; do echo "[test]   ok  $line" >&2; done
    echo "[test]   FAIL $name" >&2
    # The closing count line, on failure too (counts of the steps that ran; a failed build or
    # clippy step counts as nothing here, the FAILED line above says which step it was).
    echo "tests: $((CARGO_PASSED + E2E_PASSED)) passed, $((CARGO_FAILED + E2E_FAILED)) failed, $((CARGO_IGNORED + E2E_SKIPPED)) skipped"
    exit "$rc"
  fi
  SUMMARY+=("$(printf '%-22s %s' "$name" "$(fmt_time "$dt")")")
  echo "==> $name ok ($(fmt_time "$dt"))"
}

cargo_test() {
  local log="$LOG_DIR/cargo-test.log"
  local rc=0
  cargo test 2>&1 | tee "$log" || rc=$?
  # Sum the "test result: ok. N passed; M failed; K ignored" lines (unit, integration, doc tests).
  read -r CARGO_PASSED CARGO_FAILED CARGO_IGNORED < <(
    sed -n 's/.*test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed; \([0-9]*\) ignored.*/\1 \2 \3/p' "$log" |
      awk '{ p += $1; f += $2; i += $3 } END { print p + 0, f + 0, i + 0 }'
  )
  echo "[test] cargo test: $CARGO_PASSED passed, $CARGO_FAILED failed, $CARGO_IGNORED ignored"
  if [ "$rc" -eq 0 ] && [ "$CARGO_PASSED" -eq 0 ]; then
    echo "[test] note: cargo test ran no test yet."
  fi
  return "$rc"
}

build_release() {
  rm -rf "$ROOT/dist"
  trunk build --release --offline --public-url /jwt-playground/ || return $?
  ls "$ROOT"/dist/*.wasm >/dev/null 2>&1 || {
    echo "[test] trunk build produced no .wasm in dist/" >&2
    return 1
  }
}

E2E_PASSED=0
E2E_FAILED=0
E2E_SKIPPED=0
e2e() {
  local results="$ROOT/e2e/playwright-report/results.json"
  rm -f "$results"
  local rc=0
  playwright test -c e2e/playwright.config.ts "$@" || rc=$?
  if [ -f "$results" ]; then
    read -r E2E_PASSED E2E_FAILED E2E_SKIPPED < <(node -e '
      const s = require(process.argv[1]).stats || {};
      console.log((s.expected || 0) + (s.flaky || 0), s.unexpected || 0, s.skipped || 0);
    ' "$results")
  fi
  echo "[test] playwright: $E2E_PASSED passed, $E2E_FAILED failed, $E2E_SKIPPED skipped"
  if [ "$rc" -eq 0 ] && [ "$E2E_PASSED" -eq 0 ]; then
    echo "[test] Playwright ran no test." >&2
    return 1
  fi
  return "$rc"
}

step setup "Read the [setup] lines above: they say what could not be installed and how to fix it." \
  bash "$ROOT/scripts/setup.sh" --with-browser
step fmt "Run 'cargo fmt --all' and commit the result." \
  cargo fmt --all -- --check
step imports "An import circle came back: move what both modules need into a lower module (see docs/ARCHITECTURE.md)." \
  node scripts/import-cycles.mjs
step clippy "Fix the clippy findings above (native build: jwt and sim modules, tests, benches)." \
  cargo clippy --all-targets -- -D warnings
step clippy-wasm "Fix the clippy findings above (wasm32 build: this is where the ui module lives)." \
  cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
step cargo-test "A native test failed: see the 'failures:' section above (log: target/test-logs/cargo-test.log)." \
  cargo_test
step build "The release build failed: see Trunk's output above (wasm-bindgen and wasm-opt come from scripts/setup.sh)." \
  build_release
# Sizes are a report here (the quality bar: speed and size are measured by a benchmark script
# that prints figures, never asserted in tests); an overage is printed loudly, and
# scripts/size-check.sh and scripts/bench.sh exit 1 on it.
size_report() {
  local rc=0
  bash "$ROOT/scripts/size-check.sh" "$ROOT/dist" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo ""
    echo "[test] !!! SIZE: dist/ is OVER the size budget (see the lines above). This run does not fail on it;"
    echo "[test] !!! scripts/size-check.sh and scripts/bench.sh do. Say so in the issue's closing note."
  fi
  return 0
}
step size "The size report failed to run: see the lines above." \
  size_report
step e2e "A browser test failed: see the errors above; traces and screenshots are in e2e/test-results/ (npx playwright show-trace <trace.zip>)." \
  e2e "$@"

echo ""
echo "[test] all $STEP_TOTAL steps passed in $(fmt_time $((SECONDS - START))):"
for line in "${SUMMARY[@]}"; do echo "[test]   ok  $line"; done
echo "[test] cargo test: $CARGO_PASSED passed, $CARGO_IGNORED ignored; playwright: $E2E_PASSED passed, $E2E_SKIPPED skipped"
echo "tests: $((CARGO_PASSED + E2E_PASSED)) passed, $((CARGO_FAILED + E2E_FAILED)) failed, $((CARGO_IGNORED + E2E_SKIPPED)) skipped"
