-- POST real 資格確認 request documents in rotation and check every answer.
-- Usage: wrk ... -s wrk_confirm.lua http://127.0.0.1:PORT/oqs/v1/qualification-confirmations
--          -- BODIES_FILE [CONTENT_TYPE]
-- BODIES_FILE holds the documents (XML, or JSON card proofs) separated by the byte 0x1E.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local SEPARATOR_RUNS = "[^\30]+"
local VALID_SEGMENT = "<SegmentOfResult>1</SegmentOfResult>"
local VALID_QUALIFICATION = "<QualificationValidity>1</QualificationValidity>"

local requests = {}
local next_request = 1

responses_not_200 = 0
responses_valid = 0
responses_invalid = 0

function init(args)
  local file = assert(io.open(assert(args[1], "bodies file argument missing"), "rb"))
  local content = file:read("*a")
  file:close()
  local headers = { ["Content-Type"] = args[2] or "application/xml" }
  for body in content:gmatch(SEPARATOR_RUNS) do
    requests[#requests + 1] = wrk.format("POST", wrk.path, headers, body)
  end
  assert(#requests > 0, "no request documents in " .. args[1])
  -- Threads start at different places in the rotation.
  next_request = (thread_index or 0) * math.floor(#requests / 7) % #requests + 1
end

function request()
  local formatted = requests[next_request]
  next_request = next_request % #requests + 1
  return formatted
end

function response(status, headers, body)
  if status ~= 200 then
    responses_not_200 = responses_not_200 + 1
  elseif body:find(VALID_SEGMENT, 1, true) and body:find(VALID_QUALIFICATION, 1, true) then
    responses_valid = responses_valid + 1
  else
    responses_invalid = responses_invalid + 1
  end
end
