-- Plain GETs of one path (wrk's own request), counting answers by status.
-- Arguments: none.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s200, other, last_other = 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then s200 = s200 + 1 else other = other + 1
    last_other = status end
end

function done(summary, latency, requests)
  local ok, bad, seen = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("s200")
    bad = bad + thread:get("other")
    seen = math.max(seen, thread:get("last_other"))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"s200": %d, "other": %d, "other_status": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    ok, bad, seen, e.connect + e.read + e.write + e.timeout))
end
