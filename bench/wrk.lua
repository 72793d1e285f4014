-- The request each scenario sends (from the environment) and one line of results as JSON at the end,
-- so bench/run never parses wrk's human-readable output.
--
-- With BENCH_PROOFS (a file of DPoP proofs, one a line, made ahead of time by bench-baseline
-- proofs) every request carries the next proof: a proof is good once (RFC 9449 §11.1), so each of
-- BENCH_THREADS threads takes every BENCH_THREADS-th line. When they run out the last one is sent
-- again, which the server refuses: bench/run counts that as an error, never as speed.
local body = os.getenv("BENCH_BODY")
wrk.method = os.getenv("BENCH_METHOD") or "GET"
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

local proofs_file = os.getenv("BENCH_PROOFS")
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

if proofs_file and proofs_file ~= "" then
  local proofs, used = {}, 0
  function init(args)
    local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
    local i = 0
    for line in io.lines(proofs_file) do
      if i % threads == id then proofs[#proofs + 1] = line end
      i = i + 1
    end
  end
  function request()
    used = used + 1
    wrk.headers["DPoP"] = proofs[used] or proofs[#proofs]
    return wrk.format()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
