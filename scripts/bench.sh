#!/usr/bin/env bash
# The benchmark command (not run by scripts/test.sh): sizes of the release build and timings in
# headless Chromium. Installs what is missing (scripts/setup.sh --with-browser), builds the release
# site into dist/ if it is missing or was not built for /jwt-playground/ (or always with --build),
# serves it under /jwt-playground/ and prints (e2e/bench.mjs has the details):
#   total gzip (budget 615 KB), raw wasm, mount median (budget 250 ms) / max (15 fresh loads),
#   debugger input->verdict p50/p95, playground 8 KB token edit p50/p95 (budget p95 8 ms),
#   idle page after the build player pauses (budget: no DOM change, < 5 ms script in 5 s),
#   and, without budgets, 1 MB / 10,000-claim tokens in both screens and a request with 500
#   entries in the log. Exits 1 with `OVER BUDGET` lines when a budget is exceeded.
# Env: BENCH_PORT (default 4174), BENCH_LOADS (15), BENCH_SAMPLES (50), BENCH_BIG=0 (skip the big ones).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

BUILD=0
for arg in "$@"; do
  case "$arg" in
    --build) BUILD=1 ;;
    *) echo "[bench] unknown argument: $arg (use --build to force a fresh release build)" >&2; exit 2 ;;
  esac
done

bash "$ROOT/scripts/setup.sh" --with-browser

if [ "$BUILD" -eq 0 ] && ls "$ROOT"/dist/*.wasm >/dev/null 2>&1 && grep -q '/jwt-playground/' "$ROOT/dist/index.html" 2>/dev/null; then
  echo "[bench] using the existing release build in dist/ (--build to rebuild)"
else
  echo "[bench] building the release site (trunk build --release --public-url /jwt-playground/)..."
  rm -rf "$ROOT/dist"
  trunk build --release --offline --public-url /jwt-playground/
fi

echo ""
exec node "$ROOT/e2e/bench.mjs"
