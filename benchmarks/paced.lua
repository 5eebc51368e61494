-- A request rate for wrk 4 (which has none; wrk2 is not in Debian): RATE requests per second over all
-- connections of the thread. Each request takes the next slot of one schedule and waits for it in delay().
-- delay() counts whole milliseconds, so a request may leave up to 1 ms early; the schedule keeps the average.
-- A schedule more than 5 ms behind (every connection waiting for an answer) is not made up for later:
-- the server's slowness shows as fewer requests per second, not as a burst. wrk measures latency from
-- the moment a request is written, so the wait is not in it. Use with -t1 (one Lua state, one schedule).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
int clock_gettime(int clock, paced_timespec *ts);
]]
local ts = ffi.new("paced_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval = 1000 / tonumber(os.getenv("RATE") or error("set RATE, requests per second"))
local slot = nil

function delay()
  local now = now_ms()
  if slot == nil or slot < now - 5 then
    slot = now
  end
  local wait = slot - now
  slot = slot + interval
  if wait < 0 then
    return 0
  end
  return math.floor(wait)
end
