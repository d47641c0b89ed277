-- ship.lua: wrk script: ship orders that are in production, each once, as
-- the ERP (issue #20's bench: notifications on against off).
--   -- FILE KEY THREADS   FILE: an order number a line (none shipped yet);
--                        thread t of THREADS takes lines t, t + THREADS, ...
--                        KEY: the ERP's API key
local numbers, key, at = {}, "", 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  local i, n = 0, tonumber(args[3])
  key = args[2]
  for l in io.lines(args[1]) do
    if i % n == id - 1 then numbers[#numbers + 1] = l end
    i = i + 1
  end
end

function request()
  at = at + 1
  local number = numbers[at] or numbers[#numbers]
  return wrk.format("POST", "/api/v1/orders/" .. number .. "/events", {
    Authorization = "Bearer " .. key,
    ["Content-Type"] = "application/json" },
    '{"status":"shipped","carrier":"SF Express","waybill":"SF' .. number .. '"}')
end
