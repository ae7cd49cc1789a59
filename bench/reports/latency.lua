-- wrk script for bench/reports.sh: one analyst GET, paced, and a machine-readable line at the end.
-- BENCH_KEY: the analyst key (sent as X-Api-Key). BENCH_PACE_MS: pause before each request, so one connection stays
-- under the per-key rate limit (100/s, burst 200) and no 429 enters the latency figures; wrk starts the clock after
-- the pause, so it is not part of the measured latency.
wrk.method = "GET"
wrk.headers["X-Api-Key"] = os.getenv("BENCH_KEY")
wrk.headers["Accept"] = "application/json"
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0")

function delay()
  return pace
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT p50_us=%d p95_us=%d max_us=%d requests=%d non2xx=%d socket_errors=%d\n",
    latency:percentile(50), latency:percentile(95), latency.max, summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout))
end
