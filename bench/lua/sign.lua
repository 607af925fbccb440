-- Signature submissions. Each connection is one virtual user: its first request GETs the
-- petition page and takes the hidden form_token from it (the public forms' CSRF protection,
-- see awaz/core/public_forms.py); every later request POSTs a new signature with an email
-- address that is unique per thread and request.
-- Arguments: page path, sign path, connections per thread, unique prefix for emails.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  page, sign, conns, prefix = args[1], args[2], tonumber(args[3]), args[4]
  token, issued, counter = nil, 0, 0
  gets, posts, s200, s302, other, last_other = 0, 0, 0, 0, 0, 0
end

function request()
  issued = issued + 1
  if token == nil or issued <= conns then
    gets = gets + 1
    return wrk.format("GET", page)
  end
  counter = counter + 1
  posts = posts + 1
  local body = "name=Bench+Signer+" .. counter .. "&email=" .. prefix .. "-" .. id .. "-" .. counter
    .. "%40bench.example.org&country=FR&form_token=" .. token
  return wrk.format("POST", sign, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  if status == 200 then
    s200 = s200 + 1
    if token == nil then
      token = string.match(body, 'name="form_token" value="([^"]+)"')
    end
  elseif status == 302 then
    s302 = s302 + 1
  else
    other = other + 1
    last_other = status
  end
end

function done(summary, latency, requests)
  local t = {gets = 0, posts = 0, s200 = 0, s302 = 0, other = 0}
  local seen = 0
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
    seen = math.max(seen, thread:get("last_other"))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"gets": %d, "posts": %d, "s200": %d, "s302": %d, "other": %d, '
    .. '"other_status": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    t.gets, t.posts, t.s200, t.s302, t.other, seen,
    e.connect + e.read + e.write + e.timeout))
end
