-- flood.lua: wrk script for make bench-login: wrong sign-ins from one
-- address (wrk's), each for a login of its own ("flood.<thread>.<n>"), and
-- a count of the answers by status.  After -- a pause in ms before each
-- request of a connection (0: as fast as the answers come).
local counter, threads = 0, {}
seq, tag = 0, ""
counts = {}

function setup(thread)
  counter = counter + 1
  thread:set("tag", tostring(counter))
  table.insert(threads, thread)
end

pause = 0

function init(args)
  pause = tonumber(args[1] or "0") or 0
end

function delay()
  return pause
end

function request()
  seq = seq + 1
  local body = string.format('{"login":"flood.%s.%d","password":"wrong-password"}', tag, seq)
  return wrk.format("POST", "/api/v1/auth/login",
    { ["Content-Type"] = "application/json" }, body)
end

function response(status)
  counts[status] = (counts[status] or 0) + 1
end

function done()
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for s, n in pairs(c) do total[s] = (total[s] or 0) + n end
  end
  local out = {}
  for s, n in pairs(total) do out[#out + 1] = s .. "=" .. n end
  table.sort(out)
  io.write("statuses " .. table.concat(out, " ") .. "\n")
end
