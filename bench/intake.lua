-- wrk script for the case intake benchmark (bench/intake_bench.sh).
-- Each request POSTs one new case to /api/v1/cases at a random point taken
-- from a file of points known to lie inside a grid. Environment:
--   INTAKE_TOKEN     bearer token of an account that may report there
--   INTAKE_CATEGORY  id of an active 小类 (source "hotline" needs no photo)
--   INTAKE_POINTS    file with one "lon lat" pair per line
-- With INTAKE_STATIC=PATH it GETs PATH instead and expects 200 (the nginx
-- reference run uses the same script, so both are measured alike).
-- Any other response status is counted; done() prints
-- "intake-unexpected-status: N" (and the first few statuses and bodies) so that the
-- driving script can fail the run.

local token = os.getenv("INTAKE_TOKEN")
local category = os.getenv("INTAKE_CATEGORY")
local points_file = os.getenv("INTAKE_POINTS")
local static_path = os.getenv("INTAKE_STATIC")
local expect = static_path and 200 or 201

local threads = {}
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("id", thread_no)
  table.insert(threads, thread)
end

local points = {}
non201 = 0
first_bad = ""

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  if static_path then return end
  for line in io.lines(points_file) do
    local lon, lat = line:match("^(%S+)%s+(%S+)")
    if lon then points[#points + 1] = lon .. "," .. '"lat":' .. lat end
  end
  if #points == 0 then error("no points in " .. points_file) end
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if static_path then return wrk.format("GET", static_path) end
  local p = points[math.random(#points)]
  local body = '{"category_id":' .. category .. ',"lon":' .. p ..
      ',"description":"bench","source":"hotline"}'
  return wrk.format(nil, "/api/v1/cases", nil, body)
end

function response(status, headers, body)
  if status ~= expect then
    non201 = non201 + 1
    if #first_bad < 600 then
      first_bad = first_bad .. status .. " " .. string.sub(body or "", 1, 200) .. "\n"
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  local samples = ""
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non201") or 0)
    samples = samples .. (t:get("first_bad") or "")
  end
  io.write(string.format("intake-unexpected-status: %d\n", bad))
  if bad > 0 then io.write(samples) end
  io.write(string.format("intake-result: requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout + summary.errors.status))
end
