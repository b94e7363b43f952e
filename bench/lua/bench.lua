-- wrk script for bench/run.ts. Configured through the environment, read at
-- load time so that wrk can keep a static (pre-formatted) request when no
-- rotation is asked for:
--   BENCH_PATHS=FILE   one path per line; requests walk them in a scrambled order
--   BENCH_METHOD=POST  request method (default GET)
--   BENCH_BODY=FILE    request body, sent with Content-Type: application/json
--   BENCH_CONNECTIONS  wrk's -c (needed to undo its latency correction, below)
-- done() prints one line "BENCH_JSON {...}" with latencies in microseconds.

local method = os.getenv("BENCH_METHOD") or "GET"
local body_file = os.getenv("BENCH_BODY")
local paths_file = os.getenv("BENCH_PATHS")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "") or 1

wrk.method = method
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end

-- A body containing "{{n}}" gets a fresh number in every request (unique
-- titles, as editors write them); the number is unique per thread and run.
if (not paths_file or paths_file == "") and wrk.body and wrk.body:find("{{n}}", 1, true) then
  local template = wrk.body
  local counter = 0
  local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1000000))
  function request()
    counter = counter + 1
    local body = template:gsub("{{n}}", prefix .. "-" .. counter)
    return wrk.format(nil, nil, nil, body)
  end
end

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

if paths_file and paths_file ~= "" then
  local paths = {}
  for line in io.lines(paths_file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  local count = #paths

  -- Requests are formatted once per thread. Each thread walks the list from a
  -- random offset with a random stride coprime to its length, so it visits
  -- every path, threads and runs see different orders, and request() stays a
  -- table lookup.
  local requests = {}
  local pos, stride = 0, 1

  local next_id = 1
  function setup(thread)
    thread:set("thread_id", next_id)
    next_id = next_id + 1
  end

  function init(args)
    math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
    for i = 1, count do requests[i] = wrk.format(nil, paths[i]) end
    pos = math.random(count) - 1
    stride = 1
    if count > 2 then
      repeat stride = math.random(count - 1) until gcd(stride, count) == 1
    end
  end

  function request()
    pos = (pos + stride) % count
    return requests[pos + 1]
  end
end

-- wrk (4.x) "corrects" its latency histogram for coordinated omission before
-- done() sees it: for every sample n >= 2E, where E = duration / (requests per
-- connection), it adds synthetic samples at n-E, n-2E, ... (> E). Those
-- corrected percentiles are kept as "co_*"; the measured ones are rebuilt by
-- undoing the correction on wrk's histogram, read through LuaJIT's FFI.
local function measured_percentiles(summary, latency, ps)
  local ok, ffi = pcall(require, "ffi")
  if not ok then return nil end
  pcall(ffi.cdef, [[
    typedef struct { uint64_t count; uint64_t limit; uint64_t min; uint64_t max; uint64_t data[?]; } bench_wrk_stats;
  ]])
  local st = ffi.cast("bench_wrk_stats**", latency)[0]
  local lo, hi = tonumber(st.min), tonumber(st.max)
  if tonumber(st.count) == 0 or hi < lo then return nil end
  local per_conn = math.floor(summary.requests / connections)
  local e = per_conn > 0 and math.floor(summary.duration / per_conn) or 0

  -- Top-down: orig[n] = corrected[n] - sum of orig[n + kE] (k >= 1), for n > E;
  -- acc[n mod E] carries that sum.
  local orig, acc = {}, {}
  local total, sum = 0, 0
  for n = hi, lo, -1 do
    local c = tonumber(st.data[n])
    if e > 0 and n > e then
      local r = n % e
      local a = acc[r] or 0
      c = c - a
      if c < 0 then return nil end -- not wrk's correction as we know it
      acc[r] = a + c
    end
    if c > 0 then
      orig[n] = c
      total = total + c
      sum = sum + c * n
    end
  end
  if total == 0 then return nil end

  local out, want, k = { n = total, mean = sum / total, max = 0 }, {}, 1
  for i, p in ipairs(ps) do want[i] = math.max(1, math.ceil(p / 100 * total)) end
  local seen = 0
  for n = lo, hi do
    local c = orig[n]
    if c then
      seen = seen + c
      out.max = n
      while k <= #ps and seen >= want[k] do
        out[ps[k]] = n
        k = k + 1
      end
    end
  end
  return out
end

function done(summary, latency, requests)
  local e = summary.errors
  local ps = { 50, 90, 95, 99 }
  local m = measured_percentiles(summary, latency, ps)
  local measured = "null"
  if m then
    measured = string.format('{"n":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p95":%d,"p99":%d}',
      m.n, m.mean, m.max, m[50], m[90], m[95], m[99])
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":%s,' ..
    '"co_latency_us":{"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p95":%d,"p99":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    measured,
    latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99)))
end
