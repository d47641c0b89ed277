-- post.lua: wrk script for writes. Modes (after --):
--   submit FILE   POST /api/v1/orders as a random "TOKEN" line of FILE, with a
--                 new Idempotency-Key every time (durable, one order each)
--   login N       POST /api/v1/auth/login as bench.b00001 .. bench.bN
--   write         POST /api/v1/_bench/write (the bench-only ceiling)
--   read MAX      GET /api/v1/_bench/read?id=random(1..MAX)
local mode, tokens, n, seq, tag = "write", {}, 1, 0, ""
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tag", tostring(counter))
end

function init(args)
  mode = args[1]
  -- setup() gave this thread its number; the time keeps runs apart
  tag = tostring(tag) .. "-" .. tostring(os.time())
  math.randomseed(os.time() + (tonumber(tag:match("^(%d+)")) or 0) * 7919)
  if mode == "submit" then
    for l in io.lines(args[2]) do tokens[#tokens + 1] = l:match("(%S+)") end
  elseif mode == "login" or mode == "read" then
    n = tonumber(args[2])
  end
end

local later = os.date("!%Y-%m-%d", os.time() + 30 * 86400)
local order = '{"lines":[{"product":"XQG-2002","quantity":2,"options":' ..
  '{"capacity_kg":7,"loading":"front"}}],"requested_date":"' .. later ..
  '","ship_to":"Bench street 1","note":"bench"}'

function request()
  if mode == "submit" then
    seq = seq + 1
    return wrk.format("POST", "/api/v1/orders", {
      Authorization = "Bearer " .. tokens[math.random(#tokens)],
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = "bench-" .. tag .. "-" .. seq }, order)
  elseif mode == "login" then
    local body = string.format('{"login":"bench.b%05d","password":"dealernet-bench"}',
      math.random(n))
    return wrk.format("POST", "/api/v1/auth/login",
      { ["Content-Type"] = "application/json" }, body)
  elseif mode == "read" then
    return wrk.format("GET", "/api/v1/_bench/read?id=" .. math.random(n))
  end
  return wrk.format("POST", "/api/v1/_bench/write")
end
