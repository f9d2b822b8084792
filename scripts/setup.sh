#!/usr/bin/env bash
# Installs whatever this project needs that is missing, and skips what is already there.
#
#   scripts/setup.sh                 wasm target, rustfmt/clippy, Trunk 0.21.14, wasm-bindgen CLI
#                                    (the version in Cargo.lock), npm packages (wasm-opt 132 from the
#                                    `binaryen` package, @playwright/test, axe-core), crates (cargo fetch)
#   scripts/setup.sh --with-browser  the same, plus Debian's chromium (/usr/bin/chromium) for the tests
#
# Needs: rustup, cargo, Node >= 20 with npm; root or sudo for the chromium install.
# Idempotent: a second run only checks. The first run takes about 15 minutes (Trunk is compiled).
# The tools land in ~/.cargo/bin and ./node_modules/.bin: put both on PATH (serve.sh and test.sh do).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="132"
WITH_BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) WITH_BROWSER=1 ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "[setup] unknown argument: $arg (use --with-browser or --help)" >&2
      exit 2
      ;;
  esac
done

export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
LOG_DIR="${TMPDIR:-/tmp}/jwt-playground-setup"
mkdir -p "$LOG_DIR"
SETUP_START=$SECONDS

say() { echo "[setup] $*"; }
die() {
  echo "" >&2
  echo "[setup] ERROR: $*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# run_logged NAME LOG CMD...: runs CMD with its output in LOG, printing a progress line every
# 30 s (crates compiled so far, time elapsed); on failure shows the end of the log and stops.
run_logged() {
  local name="$1" log="$2"
  shift 2
  local start=$SECONDS
  : >"$log"
  "$@" >"$log" 2>&1 &
  local pid=$!
  (
    local slept=0
    while kill -0 "$pid" 2>/dev/null; do
      # Short sleeps with no stdout, so that a killed ticker leaves no process holding a pipe open.
      sleep 2 >/dev/null 2>&1
      slept=$((slept + 2))
      [ $((slept % 30)) -eq 0 ] || continue
      kill -0 "$pid" 2>/dev/null || break
      local n
      n=$(grep -c 'Compiling ' "$log" 2>/dev/null || true)
      echo "[setup]   ... $name: ${n:-0} crates compiled, $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s elapsed (log: $log)"
    done
  ) &
  local ticker=$!
  local rc=0
  wait "$pid" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    echo "[setup] ---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2 || true
    die "$name failed (exit $rc). Full log: $log"
  fi
  say "  $name done in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
}

# wait_for_other PATTERN WHAT: if another process is already running PATTERN (for example a
# `cargo install trunk` started by hand), wait for it instead of starting a second copy.
wait_for_other() {
  local pattern="$1" what="$2" waited=0
  while pgrep -f "$pattern" >/dev/null 2>&1; do
    if [ "$waited" -eq 0 ]; then
      say "another '$what' is already running (pid $(pgrep -f "$pattern" | tr '\n' ' ')); waiting for it to finish..."
    elif [ $((waited % 60)) -eq 0 ]; then
      say "  ... still waiting for '$what' (${waited}s)"
    fi
    sleep 10
    waited=$((waited + 10))
  done
}

# ---------------------------------------------------------------------------------------------
say "checking prerequisites (rustup, cargo, node >= 20, npm)"
have rustup || die "rustup not found. Install it from your distribution or rustup.rs, then re-run."
have cargo || die "cargo not found (expected in ~/.cargo/bin). Install Rust with rustup, then re-run."
have node || die "node not found. Install Node.js 20 or newer, then re-run."
have npm || die "npm not found. Install Node.js 20 (it ships npm), then re-run."
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || die "Node $(node --version) is too old: Node 20 or newer is needed."
say "  $(rustc --version), cargo $(cargo --version | cut -d' ' -f2), node $(node --version), npm $(npm --version 2>/dev/null)"

# ---------------------------------------------------------------------------------------------
if rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
  say "wasm32-unknown-unknown target: present"
else
  say "installing the wasm32-unknown-unknown target (rustup target add, a few seconds)..."
  rustup target add wasm32-unknown-unknown || die "'rustup target add wasm32-unknown-unknown' failed."
fi

missing_components=()
cargo fmt --version >/dev/null 2>&1 || missing_components+=(rustfmt)
cargo clippy --version >/dev/null 2>&1 || missing_components+=(clippy)
if [ "${#missing_components[@]}" -eq 0 ]; then
  say "rustfmt and clippy: present"
else
  say "installing rustup components: ${missing_components[*]}..."
  rustup component add "${missing_components[@]}" || die "'rustup component add ${missing_components[*]}' failed."
fi

# ---------------------------------------------------------------------------------------------
trunk_ok() { have trunk && [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; }
if ! trunk_ok; then wait_for_other 'cargo install.*trunk' 'cargo install trunk'; fi
if trunk_ok; then
  say "trunk $TRUNK_VERSION: present"
else
  if have trunk; then say "found $(trunk --version 2>/dev/null || echo 'an unknown trunk'), need $TRUNK_VERSION"; fi
  say "installing trunk $TRUNK_VERSION (first time only, ~12 min on 2 cores)..."
  run_logged "cargo install trunk $TRUNK_VERSION" "$LOG_DIR/trunk-install.log" \
    cargo install --locked trunk --version "$TRUNK_VERSION"
  trunk_ok || die "trunk was installed but 'trunk --version' does not say $TRUNK_VERSION (is another trunk earlier on PATH? $(command -v trunk || true))"
fi

# ---------------------------------------------------------------------------------------------
# The wasm-bindgen CLI must match the wasm-bindgen crate exactly: read the version from Cargo.lock.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { found = 1; next } found && /^version = / { gsub(/"/, "", $3); print $3; exit }' Cargo.lock 2>/dev/null || true)"
if [ -z "$WBG_VERSION" ]; then
  WBG_VERSION="$(sed -n 's/^wasm-bindgen *= *"=\{0,1\}\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)"
fi
[ -n "$WBG_VERSION" ] || die "could not find the wasm-bindgen version in Cargo.lock or Cargo.toml."
wbg_ok() { have wasm-bindgen && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WBG_VERSION" ]; }
if ! wbg_ok; then wait_for_other 'cargo install.*wasm-bindgen-cli' 'cargo install wasm-bindgen-cli'; fi
if wbg_ok; then
  say "wasm-bindgen CLI $WBG_VERSION (matches Cargo.lock): present"
else
  if have wasm-bindgen; then say "found $(wasm-bindgen --version 2>/dev/null || echo 'an unknown wasm-bindgen'), Cargo.lock needs $WBG_VERSION"; fi
  say "installing wasm-bindgen-cli $WBG_VERSION (first time only, ~4 min)..."
  # Not --locked: one of its locked dependency versions is missing from the registry here.
  run_logged "cargo install wasm-bindgen-cli $WBG_VERSION" "$LOG_DIR/wasm-bindgen-install.log" \
    cargo install wasm-bindgen-cli --version "$WBG_VERSION"
  wbg_ok || die "wasm-bindgen-cli was installed but 'wasm-bindgen --version' does not say $WBG_VERSION ($(command -v wasm-bindgen || true))"
fi

# ---------------------------------------------------------------------------------------------
# npm packages: binaryen (wasm-opt 132; Debian's binaryen 108 produces a broken module),
# terser (minifies the JS glue), @playwright/test, axe-core. Skipped when node_modules matches package-lock.json.
lock_hash() { sha256sum package-lock.json 2>/dev/null | cut -d' ' -f1; }
STAMP="node_modules/.setup-stamp"
npm_ok() {
  [ -f package-lock.json ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(lock_hash)" ] &&
    [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/terser ] && [ -x node_modules/.bin/playwright ] && [ -f node_modules/axe-core/axe.min.js ]
}
if npm_ok; then
  say "npm packages (package-lock.json): present"
else
  if [ -f package-lock.json ]; then
    say "installing npm packages (npm ci: binaryen, @playwright/test, axe-core; ~10 s)..."
    run_logged "npm ci" "$LOG_DIR/npm.log" npm ci --no-audit --no-fund
  else
    say "installing npm packages (npm install, no package-lock.json yet)..."
    run_logged "npm install" "$LOG_DIR/npm.log" npm install --no-audit --no-fund
  fi
  lock_hash >"$STAMP"
fi
WASM_OPT_SAYS="$("$ROOT/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)"
case "$WASM_OPT_SAYS" in
  *"version $WASM_OPT_VERSION"*) say "wasm-opt: $WASM_OPT_SAYS (node_modules/.bin)" ;;
  *) die "node_modules/.bin/wasm-opt says '$WASM_OPT_SAYS', expected version $WASM_OPT_VERSION (npm package binaryen)." ;;
esac
if [ "$(command -v wasm-opt)" != "$ROOT/node_modules/.bin/wasm-opt" ]; then
  die "'wasm-opt' on PATH is $(command -v wasm-opt), not node_modules/.bin/wasm-opt."
fi

# ---------------------------------------------------------------------------------------------
say "fetching crates (cargo fetch, so that builds need no network)..."
run_logged "cargo fetch" "$LOG_DIR/cargo-fetch.log" cargo fetch

# ---------------------------------------------------------------------------------------------
if [ "$WITH_BROWSER" -eq 1 ]; then
  CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$CHROMIUM" ]; then
    say "chromium: present ($CHROMIUM)"
  else
    if [ -n "${CHROMIUM_PATH:-}" ]; then die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable."; fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if have sudo && sudo -n true 2>/dev/null; then
        SUDO="sudo"
      else
        die "chromium is missing and installing it needs root: run 'sudo apt-get update && sudo apt-get install -y chromium' and re-run."
      fi
    fi
    have apt-get || die "chromium is missing and apt-get is not available: install Chromium so that /usr/bin/chromium exists (or set CHROMIUM_PATH)."
    say "installing Debian's chromium (apt-get; first time only, ~1-2 min)..."
    APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    run_logged "apt-get update" "$LOG_DIR/apt-update.log" $SUDO apt-get "${APT_OPTS[@]}" update
    run_logged "apt-get install chromium" "$LOG_DIR/apt-chromium.log" \
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y chromium
    [ -x "$CHROMIUM" ] || die "apt-get install chromium finished but $CHROMIUM does not exist."
  fi
  CHROMIUM_SAYS="$("$CHROMIUM" --version 2>/dev/null || true)"
  [ -n "$CHROMIUM_SAYS" ] || die "$CHROMIUM does not run ('$CHROMIUM --version' failed)."
  say "  $CHROMIUM_SAYS"
fi

say "all tools present ($((SECONDS - SETUP_START))s). To use them in your own shell:"
say "  export PATH=\"$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:\$PATH\""
