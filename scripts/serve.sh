#!/usr/bin/env bash
# The README's first command: install whatever is missing (see scripts/setup.sh), then build the
# app and serve it with `trunk serve` on 127.0.0.1 (rebuilds and reloads on every change).
#
#   scripts/serve.sh             http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh   another port
#   scripts/serve.sh --release   an optimised build (slower to rebuild)
# Extra arguments are passed to `trunk serve`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

bash "$ROOT/scripts/setup.sh"

PORT="${PORT:-8080}"
case "$PORT" in
  '' | *[!0-9]*) echo "[serve] PORT must be a number, got '$PORT'" >&2; exit 2 ;;
esac
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "[serve] ERROR: something is already listening on 127.0.0.1:$PORT. Stop it, or pick another port: PORT=8081 $0" >&2
  exit 1
fi

echo ""
echo "[serve] building and serving; the first build takes a minute or two."
echo "[serve] open http://127.0.0.1:$PORT/ in your browser once Trunk says it is serving (Ctrl-C stops)."
echo ""
exec trunk serve --address 127.0.0.1 --port "$PORT" "$@"
