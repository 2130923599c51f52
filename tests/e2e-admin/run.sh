#!/usr/bin/env bash
# Operator console end-to-end: build apps/admin, create two extra operators on a
# fresh embedded data dir, start the real server (it serves the console at
# /admin/), run tests/e2e-admin/*.e2e.ts in Debian's Chromium, stop everything.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium}" >&2
  exit 1
fi
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  npx vite build --config apps/admin/vite.config.ts
  node scripts/check-budget.mjs apps/admin/dist
fi

free_port() { node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})'; }
API_PORT="$(free_port)"
DATA_DIR="$(mktemp -d)"
LOG="$DATA_DIR/server.log"
export MANABEE_DATA_DIR="$DATA_DIR"
API_URL="http://localhost:$API_PORT"

# Two more operators (admin at first; the test narrows them with setOperatorRoles).
for who in support reviewer; do
  LOG_LEVEL=warn npx tsx apps/server/src/cli.ts create-admin --email "$who@e2e.manabee.test" \
    --password "Qv7-mb-op-Lantern-42" >"$DATA_DIR/$who.txt"
done

SERVER_PIDS=()
cleanup() {
  for pid in "${SERVER_PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_DATA:-0}" != "1" ]; then rm -rf "$DATA_DIR"; else echo "data kept in $DATA_DIR"; fi
}
trap cleanup EXIT

# PUBLIC_URL is the origin the browser uses (the CSRF guard allows it).
PUBLIC="$API_URL"
PORT="$API_PORT" PUBLIC_URL="$PUBLIC" LOG_LEVEL="${LOG_LEVEL:-warn}" \
  setsid npx tsx apps/server/src/cli.ts start >"$LOG" 2>&1 &
SERVER_PIDS+=($!)
for _ in $(seq 1 240); do
  curl -fsS "$API_URL/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "${SERVER_PIDS[0]}" 2>/dev/null; then echo "server exited early:" >&2; cat "$LOG" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "$API_URL/healthz" >/dev/null || { echo "server did not become healthy" >&2; cat "$LOG" >&2; exit 1; }

curl -fsS "$PUBLIC/admin/" >/dev/null || { echo "the server does not serve /admin/" >&2; exit 1; }
echo "console at $PUBLIC/admin/ (API $API_URL, data in $DATA_DIR)"

export MANABEE_E2E_URL="$PUBLIC"
export MANABEE_E2E_LOG="$LOG"
export MANABEE_E2E_OPERATORS="$DATA_DIR"
export MANABEE_E2E_SHOTS="${MANABEE_E2E_SHOTS:-/tmp/manabee-admin-e2e}"
status=0
npx vitest run --config tests/e2e-admin/vitest.config.ts "$@" || status=$?
if [ "$status" -ne 0 ]; then echo "--- server log (last 60 lines) ---" >&2; tail -n 60 "$LOG" >&2; fi
echo "screenshots in $MANABEE_E2E_SHOTS"
exit "$status"
