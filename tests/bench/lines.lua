-- lines.lua: wrk script for the benchmark. Each request takes a random line
-- "TOKEN PATH" of the file given after --, and sends GET PATH with the token,
-- as a Bearer header (api) or as the access cookie (page).
--   wrk ... -s lines.lua URL -- FILE api|page
local lines, mode = {}, "api"

function init(args)
  for l in io.lines(args[1]) do lines[#lines + 1] = l end
  mode = args[2] or "api"
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local tok, path = lines[math.random(#lines)]:match("(%S+) (%S+)")
  local h = mode == "page" and { Cookie = "access=" .. tok } or
    { Authorization = "Bearer " .. tok }
  return wrk.format("GET", path, h)
end
