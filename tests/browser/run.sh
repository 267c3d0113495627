#!/usr/bin/env bash
# Headless Chromium tests of the map UI against a real `faultline demo`
# server on a free port. Installs what it needs when it is missing: Debian's
# chromium (apt) and playwright-core (npm, pinned in package-lock.json).
#
#   bash tests/browser/run.sh [path/to/faultline]
#
# Screenshots and the downloaded CSV go to target/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/debug/faultline}
[ -x "$bin" ] || { echo "run.sh: no faultline binary at $bin (cargo build first)" >&2; exit 2; }

if ! command -v chromium >/dev/null; then
  echo "run.sh: installing chromium (apt)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; fi
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

work=$(mktemp -d)
log="$work/server.log"
"$bin" demo --db "$work/demo.db" --addr 127.0.0.1:0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

url=""
for _ in $(seq 1 600); do
  url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 $server 2>/dev/null || { cat "$log" >&2; echo "run.sh: the server exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { cat "$log" >&2; echo "run.sh: no URL from the server after 120 s" >&2; exit 1; }

FAULTLINE_URL="$url" ARTIFACTS=target/browser node tests/browser/ui.test.mjs
