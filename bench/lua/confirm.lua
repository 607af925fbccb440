-- Confirmations: POST /<lang>/confirm/<token>/ once for each token in a file written by
-- bench/scenarios/confirm.py; thread i of n takes tokens i, i+n, i+2n, ... The file holds more
-- tokens than the run can use; a thread that runs out stops (the scenario then warns).
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
  next_token, sent, ran_out, s200, other, last_other = 1, 0, 0, 0, 0, 0
end

function request()
  local token = tokens[next_token]
  if token == nil then
    ran_out = 1
    wrk.thread:stop()
    token = tokens[#tokens]  -- a request must still be returned; its answer is not counted
  end
  next_token = next_token + 1
  sent = sent + 1
  return wrk.format("POST", prefix .. "/confirm/" .. token .. "/",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, "")
end

function response(status, headers, body)
  if status == 200 then s200 = s200 + 1 else other = other + 1
    last_other = status end
end

function done(summary, latency, requests)
  local ok, bad, seen, sent_all, out = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    sent_all = sent_all + thread:get("sent")
    out = out + thread:get("ran_out")
    ok = ok + thread:get("s200")
    bad = bad + thread:get("other")
    seen = math.max(seen, thread:get("last_other"))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"s200": %d, "other": %d, "other_status": %d, "sent": %d, "ran_out": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    ok, bad, seen, sent_all, out, e.connect + e.read + e.write + e.timeout))
end
