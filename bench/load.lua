-- wrk script for bench/load.sh: non-200 answers are counted as errors and
-- done() prints one line of figures for the script. (wrk runs for a time, not
-- a count: a thread that stops early still waits out the duration, so the
-- count-based run uses bench/load_client.py.)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  got, bad = 0, 0
end

function response(status, headers, body)
  got = got + 1
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + (t:get("bad") or 0) end
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non200=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad_total + e.status, sock))
end
