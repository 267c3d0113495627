#!/usr/bin/env bash
# Latency of every read endpoint over a large store, measured on the
# loopback with wrk (Debian's `wrk`): p50/p95/p99 per request kind.
#
#   scripts/api/bench.sh [EVENTS] [SECONDS]
#
# Makes the store with the gen_store example (EVENTS, default 1,000,000;
# kept in $WORK between runs), starts `faultline serve` on a free port and
# runs wrk for SECONDS (default 10) per URL with 2 threads and
# CONNECTIONS (default 8) connections; writes go to a copy of the store.
# Environment: FAULTLINE (the binary), WORK (default target/api-bench),
# CONNECTIONS.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS="${1:-1000000}"
SECONDS_EACH="${2:-10}"
WORK="${WORK:-target/api-bench}"
CONNECTIONS="${CONNECTIONS:-8}"
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "bench.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
TARGET="${CARGO_TARGET_DIR:-target}"
if [[ -z "${FAULTLINE:-}" ]]; then
    cargo build --release --quiet
    FAULTLINE="$TARGET/release/faultline"
fi
DB="$WORK/store-$EVENTS.db"
if [[ ! -f "$DB" ]]; then
    cargo build --release --quiet -p faultline-server --example gen_store
    start=$(date +%s)
    "$TARGET/release/examples/gen_store" "$DB" "$EVENTS"
    echo "generated $EVENTS events in $(( $(date +%s) - start )) s: $(du -h "$DB" | cut -f1)"
fi
# with a token, so that writes are measured too, on a copy (they add to it)
cp "$DB" "$WORK/serve.db"
rm -f "$WORK/serve.db-wal" "$WORK/serve.db-shm"
export TOKEN="bench-$$"
"$FAULTLINE" serve --db "$WORK/serve.db" --addr 127.0.0.1:0 --token "$TOKEN" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
ADDR=""
for _ in $(seq 1 600); do
    ADDR=$(sed -n 's|.*serving on http://\([^/]*\)/.*|\1|p' "$WORK/serve.log")
    [[ -n "$ADDR" ]] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
    sleep 0.1
done
BASE="http://$ADDR"
# a cursor deep in the store, and a common and a rare word of its sentences
DEEP=$(curl -sf "$BASE/api/events?limit=1000&from=2022-06" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
MID=$(( EVENTS / 2 ))
for path in \
    "/api/events" \
    "/api/events?actor=KAZ" \
    "/api/events?source=RUS*&limit=50" \
    "/api/events?target=CHN&root=14&from=2020-01&to=2020-12" \
    "/api/events?plover=PROTEST&actor=UKR" \
    "/api/events?from=2022-06&to=2022-06&limit=1000" \
    "/api/events?cursor=$DEEP" \
    "/api/events?q=iaaa" \
    "/api/events?q=mmea&actor=USA" \
    "/api/events?q=%22iaaa%20kaaa%22" \
    "/api/events?q=kaaa&from=2022-06&to=2022-06" \
    "/api/events/$MID" \
    "/api/dyads/KAZ/RUS/series?interval=month" \
    "/api/dyads/USA/CHN/series?interval=week&directed=true" \
    "/api/alignment?month=2022-06&pole=RUS" \
    "/api/changes?country=KAZ" \
    "/api/countries/KAZ" \
    "/api/meta" \
    "/api/openapi.json" \
    "/"; do
    printf '%-60s ' "$path"
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -s scripts/api/p95.lua "$BASE$path" | tail -1
done
printf '%-60s ' "POST /api/documents (a new document each)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -s scripts/api/post.lua "$BASE/api/documents" | tail -1
