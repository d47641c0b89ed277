-- mix.lua: the soak's wrk script.  Nine requests in ten read one of the
-- dealer's orders (GET /api/v1/orders/{number}), one in ten submits a new
-- order with a key of its own; every connection pauses DELAY ms between
-- requests, so that the load stays at the rate asked for.
--   wrk ... -s mix.lua URL -- NUMBERS_FILE DELAY_MS TOKEN BODY_FILE RUN
local numbers, pause, token, body, run = {}, 0, "", "", ""
local n = 0
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  for l in io.lines(args[1]) do numbers[#numbers + 1] = l end
  pause = tonumber(args[2])
  token = args[3]
  local f = io.open(args[4])
  body = f:read("*a")
  f:close()
  run = args[5]
  math.randomseed(os.time() + tid * 7919)
end

function delay()
  return pause
end

function request()
  local h = { Authorization = "Bearer " .. token }
  if math.random(10) == 1 then
    n = n + 1
    h["Content-Type"] = "application/json"
    h["Idempotency-Key"] = string.format("soak-%s-%d-%d", run, tid, n)
    return wrk.format("POST", "/api/v1/orders", h, body)
  end
  return wrk.format("GET", "/api/v1/orders/" .. numbers[math.random(#numbers)], h)
end
