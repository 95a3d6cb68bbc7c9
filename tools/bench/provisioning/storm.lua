-- wrk script for the provisioning boot storm (see run.sh / bench.py).
--
-- Usage: wrk -t T -c C -d 600s -s storm.lua http://127.0.0.1:PORT/ --
--          TOTAL OUTDIR [PREFIX] [MODEL_UA]
--
-- Every request asks for a distinct MAC: thread k of T owns the MACs
-- [k*TOTAL/T, (k+1)*TOTAL/T) and asks for each exactly once. wrk has no
-- request count limit, so delay() hands out one slot per request before
-- request() runs (wrk calls delay() before every request of a connection,
-- the first included); once the range is handed out, delay() parks the
-- connection for a day. When the thread has all its answers it writes
-- OUTDIR/thread-K.txt (first send and last answer times, status counts and
-- every latency in microseconds, matched by the MAC in the answer) and stops.
-- The latency is measured here rather than taken from wrk, whose summary
-- divides by the whole -d duration and "corrects" the histogram.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } pb_timespec;
  int clock_gettime(int clk, pb_timespec *ts);
]]
local ts = ffi.new("pb_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

-- setup() runs in the main Lua state, once per thread, before init().
local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local first, count, outdir, prefix, ua_head
local reserved, sent, answered = 0, 0, 0
local started = {}      -- mac -> send time (us)
local latencies = {}
local statuses = {}
local unmatched = 0
local t_first, t_last

function init(args)
  local total = tonumber(args[1])
  local threads = tonumber(args[2])
  outdir = args[3]
  prefix = args[4] or "/"
  ua_head = args[5] or "Yealink SIP-T46S 66.86.0.15 "
  first = math.floor(thread_index * total / threads)
  count = math.floor((thread_index + 1) * total / threads) - first
end

-- MAC number n (0-based) -> "805ec0xxxxxx" (Yealink OUI 80:5e:c0).
local function mac_of(n)
  return string.format("805ec0%06x", n)
end

local function with_colons(mac)
  return (mac:gsub("(%x%x)", "%1:"):sub(1, 17))
end

function delay()
  if reserved < count then
    reserved = reserved + 1
    return 0
  end
  return 86400000 -- nothing left for this connection
end

function request()
  if sent >= reserved then
    -- wrk calls request() once to check the script before the run: answer
    -- without using up a MAC.
    local mac = mac_of(first)
    return wrk.format("GET", prefix .. mac .. ".cfg",
      { ["User-Agent"] = ua_head .. with_colons(mac) })
  end
  local mac = mac_of(first + sent)
  sent = sent + 1
  local t = now_us()
  if not t_first then t_first = t end
  started[mac] = t
  return wrk.format("GET", prefix .. mac .. ".cfg",
    { ["User-Agent"] = ua_head .. with_colons(mac) })
end

local function finish()
  local f = assert(io.open(outdir .. "/thread-" .. thread_index .. ".txt", "w"))
  f:write(string.format("first %.0f\nlast %.0f\nanswered %d\nunmatched %d\n",
    t_first, t_last, answered, unmatched))
  for code, n in pairs(statuses) do
    f:write(string.format("status %d %d\n", code, n))
  end
  f:write(table.concat(latencies, "\n"), "\n")
  f:close()
  wrk.thread:stop()
end

function response(status, headers, body)
  local t = now_us()
  t_last = t
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  local mac = body:match("auth_name = (%x+)")
  local t0 = mac and started[mac]
  if t0 then
    latencies[#latencies + 1] = string.format("%.0f", t - t0)
    started[mac] = nil
  else
    unmatched = unmatched + 1
  end
  if answered == count then finish() end
end
