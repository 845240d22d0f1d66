-- wrk script: POST a Chat Completions request and write machine-readable results.
--   BODY_MIB=<n>  post a JSON body of about n MiB (a base64 "image" in the message) instead of
--                 the small realistic request
--   WRK_OUT=<file> where done() writes key=value lines (latencies in microseconds)
local mib = tonumber(os.getenv("BODY_MIB") or "0") or 0

local small = '{"model":"glm-4.6","stream":false,"max_tokens":512,"temperature":0.7,'
  .. '"messages":[{"role":"system","content":"You are a concise assistant."},'
  .. '{"role":"user","content":"Explain in two sentences why the sky is blue."}]}'

local function large(bytes)
  local head = '{"model":"glm-4.6","stream":false,"max_tokens":256,"messages":[{"role":"user","content":['
    .. '{"type":"text","text":"Describe this image."},'
    .. '{"type":"image_url","image_url":{"url":"data:image/png;base64,'
  local tail = '"}}]}]}'
  local fill = bytes - #head - #tail
  local chunk = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg"
  local reps = math.floor(fill / #chunk)
  return head .. string.rep(chunk, reps) .. string.rep("A", fill - reps * #chunk) .. tail
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
if mib > 0 then
  wrk.body = large(math.floor(mib * 1024 * 1024))
else
  wrk.body = small
end

function done(summary, latency, requests)
  local out = os.getenv("WRK_OUT")
  local f = out and io.open(out, "w") or io.stdout
  local secs = summary.duration / 1e6
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  f:write(string.format("requests=%d\n", summary.requests))
  f:write(string.format("duration_s=%.3f\n", secs))
  f:write(string.format("rps=%.1f\n", summary.requests / secs))
  f:write(string.format("body_bytes=%d\n", #wrk.body))
  f:write(string.format("bytes_read=%d\n", summary.bytes))
  f:write(string.format("errors=%d\n", errors))
  f:write(string.format("err_connect=%d\nerr_read=%d\nerr_write=%d\nerr_status=%d\nerr_timeout=%d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  for _, p in ipairs({ { "p50", 50 }, { "p90", 90 }, { "p99", 99 }, { "p999", 99.9 } }) do
    f:write(string.format("lat_%s_us=%d\n", p[1], latency:percentile(p[2])))
  end
  f:write(string.format("lat_max_us=%d\nlat_mean_us=%.0f\n", latency.max, latency.mean))
  if f ~= io.stdout then f:close() end
end
