#!/usr/bin/env bash
# Browser end-to-end tests: build the web app, start the real server on
# embedded defaults (fresh data dir, free port), run tests/e2e/*.e2e.ts in
# Debian's Chromium with playwright-core, stop the server.
#   tests/e2e/run.sh                 # everything
#   tests/e2e/run.sh family-flow     # only files matching a filter
# Then Lighthouse scores for the landing and the child chat (tests/e2e/lighthouse.ts):
#   SKIP_LIGHTHOUSE=1 to skip, LIGHTHOUSE_PRESET=desktop|both for more than the mobile default.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)" >&2
  exit 1
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  npx vite build --config apps/web/vite.config.ts
  node scripts/check-budget.mjs apps/web/dist
fi

PORT="${PORT:-$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')}"
DATA_DIR="$(mktemp -d)"
LOG="$DATA_DIR/server.log"
export MANABEE_DATA_DIR="$DATA_DIR"
export MANABEE_E2E_URL="http://localhost:$PORT"
export MANABEE_E2E_SHOTS="${MANABEE_E2E_SHOTS:-/tmp/manabee-e2e}"

# Its own session (setsid), so stopping it stops npx, tsx and node together.
MANABEE_DATA_DIR="$DATA_DIR" PORT="$PORT" PUBLIC_URL="$MANABEE_E2E_URL" LOG_LEVEL="${LOG_LEVEL:-warn}" \
  setsid npx tsx apps/server/src/cli.ts start >"$LOG" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  if [ "${KEEP_DATA:-0}" != "1" ]; then rm -rf "$DATA_DIR"; else echo "data kept in $DATA_DIR"; fi
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  if curl -fsS "$MANABEE_E2E_URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "server exited early:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS "$MANABEE_E2E_URL/healthz" >/dev/null || { echo "server did not become healthy" >&2; cat "$LOG" >&2; exit 1; }
echo "server up at $MANABEE_E2E_URL (data in $DATA_DIR)"

status=0
npx vitest run --config tests/e2e/vitest.config.ts "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 80 lines) ---" >&2
  tail -n 80 "$LOG" >&2
fi
# Lighthouse scores for the landing and the child chat (issue #7), against the same
# server, only after the browser tests passed: a broken app gives meaningless scores.
if [ "$status" -eq 0 ] && [ "${SKIP_LIGHTHOUSE:-0}" != "1" ]; then
  npx tsx tests/e2e/lighthouse.ts ${LIGHTHOUSE_PRESET:+--preset "$LIGHTHOUSE_PRESET"} || status=$?
  if [ "$status" -ne 0 ]; then
    echo "--- server log (last 80 lines) ---" >&2
    tail -n 80 "$LOG" >&2
  fi
fi
echo "screenshots in $MANABEE_E2E_SHOTS"
exit "$status"
