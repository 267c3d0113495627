-- wrk reporter: one line with the latency percentiles and the error count
-- (non-2xx answers and socket errors), for scripts/api/bench.sh.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
