-- flood.lua: wrk script for make bench-login: wrong sign-ins, as fast as
-- they go, from one address (wrk's), each for a login of its own
-- ("flood.<thread>.<n>"), and a count of the answers by status.
local counter, threads = 0, {}
seq, tag = 0, ""
counts = {}

function setup(thread)
  counter = counter + 1
  thread:set("tag", tostring(counter))
  table.insert(threads, thread)
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
