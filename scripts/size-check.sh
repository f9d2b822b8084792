#!/usr/bin/env bash
# Size budget for the release build: gzip -9 sizes of everything in dist/, fails above 300 KB (issue 9; was 160 KB).
# Usage: scripts/size-check.sh [DIST_DIR]   (env SIZE_BUDGET_BYTES overrides the budget)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node "$ROOT/scripts/size-check.mjs" "${1:-$ROOT/dist}"
