-- wrk script: POST /api/v1/accounting/entries with "post": true and a unique Idempotency-Key.
-- KEEL_LINES lines per entry: KEEL_LINES-1 debits of 1.00 to KEEL_DEBIT and one credit to
-- KEEL_CREDIT, dated KEEL_DATE in journal KEEL_JOURNAL.
local token = os.getenv("KEEL_TOKEN")
local run = os.getenv("KEEL_RUN") or "0"
local lines_count = tonumber(os.getenv("KEEL_LINES") or "2")
local journal = os.getenv("KEEL_JOURNAL")
local debit = os.getenv("KEEL_DEBIT")
local credit = os.getenv("KEEL_CREDIT")
local date = os.getenv("KEEL_DATE")
local threads = 0

setup = function(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

local lines = {}
for i = 1, lines_count - 1 do
  lines[#lines + 1] = '{"account_id":' .. debit .. ',"debit":"1.00","credit":"0.00"}'
end
lines[#lines + 1] = '{"account_id":' .. credit .. ',"debit":"0.00","credit":"' ..
  string.format("%d.00", lines_count - 1) .. '"}'
local body = '{"date":"' .. date .. '","journal_id":' .. journal ..
  ',"memo":"bench","post":true,"lines":[' .. table.concat(lines, ",") .. ']}'

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/accounting/entries", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_id, counter),
  }, body)
end
