-- One wrk script for every scenario of bench/run.sh, chosen by BENCH_SCENARIO:
--   root, health, page, deep_page: a fixed GET; item: GET /api/v1/items/{random seeded id};
--   create: POST /api/v1/items with a JSON body.
-- The item scenarios (item, page, deep_page, create) send "Authorization: Bearer <BENCH_TOKEN>": one
-- access token the starter issued at POST /api/v1/auth/login, which both apps validate per request.
-- Every answer is checked: any status outside 2xx, or a missing ETag where the API promises one,
-- counts as an error, and done() prints one JSON line that run.sh reads.
local scenario = os.getenv("BENCH_SCENARIO") or error("BENCH_SCENARIO is not set")
local max_id = tonumber(os.getenv("BENCH_SEEDED_ITEMS") or "100000")
local deep_cursor = os.getenv("BENCH_DEEP_CURSOR") or ""
local needs_etag = scenario == "item" or scenario == "create"
local authenticated = { item = true, page = true, deep_page = true, create = true }

local paths = {
  root = "/",
  health = "/api/v1/health",
  page = "/api/v1/items?limit=20",
  deep_page = "/api/v1/items?limit=20&cursor=" .. deep_cursor,
  create = "/api/v1/items",
}

if scenario == "item" then
  -- Per-thread seeds, the same every run: both apps are asked for the same ids in the same order.
  function request()
    return wrk.format(nil, "/api/v1/items/" .. math.random(1, max_id))
  end
elseif scenario == "create" then
  wrk.method = "POST"
  wrk.path = paths.create
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"title":"Bench item","description":"Written by bench/run.sh to measure POST /api/v1/items end to end."}'
elseif paths[scenario] then
  wrk.path = paths[scenario]
else
  error("unknown BENCH_SCENARIO " .. scenario)
end

if authenticated[scenario] then
  local token = os.getenv("BENCH_TOKEN") or ""
  if token == "" then error("BENCH_TOKEN is not set: scenario " .. scenario .. " needs a bearer token") end
  -- wrk.format (the item scenario's request()) sends wrk.headers too.
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(1000 + id)
  errors = 0
  first_error = nil
end

function response(status, headers, body)
  local bad = status < 200 or status > 299
  if not bad and needs_etag and not headers["ETag"] then
    bad = true
  end
  if bad then
    errors = errors + 1
    if not first_error then
      -- Quotes, backslashes and control characters would break the JSON line done() prints.
      first_error = status .. " " .. string.gsub(string.sub(body or "", 1, 200), '[%c"\\]', " ")
    end
  end
end

function done(summary, latency, requests)
  local bad, sample = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("errors")
    local first = thread:get("first_error")
    if first and sample == "" then sample = first end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p99_us":%d,"bad_responses":%d,"socket_errors":%d,"socket_error_kinds":"connect %d, read %d, write %d, timeout %d","first_error":"%s"}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), bad, socket, e.connect, e.read, e.write, e.timeout, sample))
end
