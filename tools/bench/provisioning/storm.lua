-- wrk script for the provisioning boot storm (see run.sh / bench.py).
--
-- Usage: wrk -t T -c C -d 600s -s storm.lua http://127.0.0.1:PORT/ --
--          TOTAL T OUTDIR [PREFIX] [MODE] [FIRST_MAC] [MODEL_UA]
--
-- MODE "cfg" (default): every request asks for a distinct MAC's
-- <mac>.cfg. MODE "boot": every MAC walks a factory-reset Yealink's boot
-- sequence, <mac>.boot and then, once that is answered, the <mac>.cfg it
-- includes (PROTOCOLS.md §5), so a MAC's two requests are never in flight
-- at once; a connection whose answer just came takes the next waiting
-- .cfg before it starts a new MAC. MACs are numbered from FIRST_MAC
-- (default 0). Thread k of T owns the MACs
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

local first, count, outdir, prefix, ua_head, mode
local per_mac = 1        -- requests per MAC: 2 in "boot" mode
local reserved, sent, answered = 0, 0, 0
local ready = {}         -- "boot" mode: MACs whose .boot was answered
local ready_head, ready_tail = 1, 0
local started_macs = 0   -- "boot" mode: MACs whose .boot was sent
local inflight = {}      -- "boot" mode: .boot sent, not answered
local early, early_from = 0, 0
local started = {}      -- path -> send time (us)
local latencies = {}
local statuses = {}
local unmatched = 0
local t_first, t_last

function init(args)
  local total = tonumber(args[1])
  local threads = tonumber(args[2])
  outdir = args[3]
  prefix = args[4] or "/"
  mode = args[5] or "cfg"
  local offset = tonumber(args[6] or "0")
  ua_head = args[7] or "Yealink SIP-T46S 66.86.0.15 "
  if mode == "boot" then per_mac = 2 end
  first = offset + math.floor(thread_index * total / threads)
  count = offset + math.floor((thread_index + 1) * total / threads) - first
end

-- MAC number n (0-based) -> "805ec0xxxxxx" (Yealink OUI 80:5e:c0).
local function mac_of(n)
  return string.format("805ec0%06x", n)
end

local function with_colons(mac)
  return (mac:gsub("(%x%x)", "%1:"):sub(1, 17))
end

-- A slot is one request to come (2 per MAC in "boot" mode). wrk calls
-- request() one event-loop turn after delay(): in "boot" mode a slot may
-- then find no .cfg ready and every MAC started. Only near the end, with
-- fewer MACs left than connections: that slot asks for the .cfg of the
-- oldest MAC whose .boot is still unanswered (counted in `early`).
function delay()
  if reserved < count * per_mac then
    reserved = reserved + 1
    return 0
  end
  return 86400000 -- nothing left for this connection
end

local function get(path, mac)
  local t = now_us()
  if not t_first then t_first = t end
  started[path] = t
  return wrk.format("GET", path,
    { ["User-Agent"] = ua_head .. with_colons(mac) })
end

function request()
  if sent >= reserved then
    -- wrk calls request() once to check the script before the run: answer
    -- without using up a MAC.
    local mac = mac_of(first)
    return wrk.format("GET", prefix .. mac .. ".cfg",
      { ["User-Agent"] = ua_head .. with_colons(mac) })
  end
  sent = sent + 1
  if mode == "boot" then
    if ready_head <= ready_tail then
      local mac = ready[ready_head]
      ready[ready_head] = nil
      ready_head = ready_head + 1
      return get(prefix .. mac .. ".cfg", mac)
    end
    if started_macs < count then
      local mac = mac_of(first + started_macs)
      started_macs = started_macs + 1
      inflight[mac] = true
      return get(prefix .. mac .. ".boot", mac)
    end
    for n = early_from, started_macs - 1 do
      local mac = mac_of(first + n)
      if inflight[mac] then
        inflight[mac] = nil
        early_from = n + 1
        early = early + 1
        return get(prefix .. mac .. ".cfg", mac)
      end
    end
    error("boot mode: no request left for a handed-out slot")
  end
  local mac = mac_of(first + sent - 1)
  return get(prefix .. mac .. ".cfg", mac)
end

local function finish()
  local f = assert(io.open(outdir .. "/thread-" .. thread_index .. ".txt", "w"))
  f:write(string.format("first %.0f\nlast %.0f\nanswered %d\nunmatched %d\n",
    t_first, t_last, answered, unmatched))
  f:write(string.format("early %d\n", early))
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
  -- Matched by the MAC the answer names: a .cfg's account, or the file a
  -- .boot includes.
  local path
  local mac = body:match("auth_name = (%x+)")
  if mac then
    path = prefix .. mac .. ".cfg"
  else
    mac = body:match('include:config "(%x+)%.cfg"')
    if mac then
      path = prefix .. mac .. ".boot"
      if inflight[mac] then -- else its .cfg already went (`early`)
        inflight[mac] = nil
        ready_tail = ready_tail + 1
        ready[ready_tail] = mac
      end
    end
  end
  local t0 = path and started[path]
  if t0 then
    latencies[#latencies + 1] = string.format("%.0f", t - t0)
    started[path] = nil
  else
    unmatched = unmatched + 1
  end
  if answered == count * per_mac then finish() end
end
