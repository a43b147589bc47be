-- Shared wrk hooks: number the threads, and print one JSON line when the run is done.
-- A script may keep per-thread response counters in the globals named in COUNTERS; they are
-- summed over the threads and reported under "responses" (absent when no thread kept them).

local threads = {}
local COUNTERS = { "responses_not_200", "responses_valid", "responses_invalid" }

function setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end

local function counters_json()
  local parts = {}
  for _, name in ipairs(COUNTERS) do
    local total, kept = 0, false
    for _, thread in ipairs(threads) do
      local value = thread:get(name)
      if value ~= nil then
        total, kept = total + value, true
      end
    end
    if kept then
      parts[#parts + 1] = string.format('"%s":%d', name, total)
    end
  end
  if #parts == 0 then
    return "null"
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},'
      .. '"responses":%s}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, counters_json()))
end
