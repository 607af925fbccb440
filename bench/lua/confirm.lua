-- Confirmations: POST /<lang>/confirm/<token>/ once for each token in a file written by
-- bench/run.py; thread i of n takes tokens i, i+n, i+2n, ... and stops when it has none left.
-- Arguments: language prefix, tokens file, number of threads.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix, nthreads = args[1], tonumber(args[3])
  tokens = {}
  local i = 0
  for line in io.lines(args[2]) do
    if i % nthreads == id - 1 then table.insert(tokens, line) end
    i = i + 1
  end
  next_token, s200, other = 1, 0, 0
end

function request()
  local token = tokens[next_token]
  if token == nil then
    wrk.thread:stop()
    token = tokens[#tokens]  -- a request must still be returned; its answer is not counted
  end
  next_token = next_token + 1
  return wrk.format("POST", prefix .. "/confirm/" .. token .. "/",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, "")
end

function response(status, headers, body)
  if status == 200 then s200 = s200 + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("s200")
    bad = bad + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"s200": %d, "other": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    ok, bad, e.connect + e.read + e.write + e.timeout))
end
