-- wrk script: valid enrolments (POST /api/offerings/{id}/enrolments) into random offerings from a list.
-- Usage: wrk ... -s bench/enrol.lua http://127.0.0.1:PORT -- <offering-ids-file> <partner-key> <run-id>
-- Every request has a new Idempotency-Key and a new trainee e-mail (run id + thread + counter), so each one is a
-- first enrolment of a new person, the API's most expensive ordinary path. done() prints one line
-- "WRK_JSON {...}" with exact percentiles and the count of non-2xx answers.

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

local sexes = { "female", "male", "female", "male", "other", "undisclosed" }
local countries = { "KAZ", "KGZ", "UZB", "TJK", "MEX", "BTN", "STP", "AZE", "KEN", "NGA", "SEN", "PHL" }
local org_types = { "nso", "ministry", "migration-agency", "border-agency", "academia", "ngo" }

function init(args)
  local file, key
  file, key, run = args[1], args[2], args[3]
  ids = {}
  for line in io.lines(file) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  assert(#ids > 0, "no offering ids in " .. file)
  math.randomseed(os.time() * 97 + thread_no)
  counter = 0
  non2xx = 0
  statuses = ""  -- "code:count;" of non-2xx answers (a string copies safely out of a thread)
  by_status = {}
  headers = { ["X-Api-Key"] = key, ["Content-Type"] = "application/json", ["Idempotency-Key"] = "" }
end

function request()
  counter = counter + 1
  local id = string.format("wrk-%s-%d-%d", run, thread_no, counter)
  headers["Idempotency-Key"] = id
  local body = string.format(
    '{"trainee":{"email":"%s@bench.example.org","givenName":"Bench %d","familyName":"Trainee %d",' ..
    '"sex":"%s","countryOfResidence":"%s","organisation":"Bench statistical office","organisationType":"%s"},' ..
    '"partnerReference":"%s"}',
    id, thread_no, counter, sexes[counter % #sexes + 1], countries[counter % #countries + 1],
    org_types[counter % #org_types + 1], id)
  return wrk.format("POST", "/api/offerings/" .. ids[math.random(#ids)] .. "/enrolments", headers, body)
end

function response(status, _, _)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    by_status[status] = (by_status[status] or 0) + 1
    local parts = {}
    for code, n in pairs(by_status) do parts[#parts + 1] = code .. ":" .. n end
    statuses = table.concat(parts, ";")
  end
end

function done(summary, latency, _)
  local bad, codes = 0, {}
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    for code, n in string.gmatch(t:get("statuses") or "", "(%d+):(%d+)") do
      codes[code] = (codes[code] or 0) + tonumber(n)
    end
  end
  local list = {}
  for code, n in pairs(codes) do list[#list + 1] = string.format('"%s":%d', code, n) end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationS":%.3f,"rps":%.1f,"rps2xx":%.1f,"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,' ..
    '"maxMs":%.3f,"meanMs":%.3f,"non2xx":%d,"non2xxByStatus":{%s},' ..
    '"socketErrors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, seconds, summary.requests / seconds, (summary.requests - bad) / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, bad, table.concat(list, ","),
    e.connect, e.read, e.write, e.timeout))
end
