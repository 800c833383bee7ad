-- wrk script: POST /api/v1/partners with a unique Idempotency-Key per request.
local token = os.getenv("KEEL_TOKEN")
local run = os.getenv("KEEL_RUN") or "0"
local threads = 0

setup = function(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

local counter = 0
request = function()
  counter = counter + 1
  local name = string.format("Bench %s-%d-%d", run, thread_id, counter)
  local body = '{"kind":"person","name":"' .. name .. '","roles":["customer"],"emails":["b' ..
    counter .. '@bench.example"]}'
  return wrk.format("POST", "/api/v1/partners", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_id, counter),
  }, body)
end
