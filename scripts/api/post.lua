-- wrk script: POST /api/documents with a new document each request (ids
-- unique per thread and run), then the reporter of p95.lua. Set TOKEN in
-- the environment to the server's --token.
local counter = 0
local thread_id = 0
local run = os.time()
local token = os.getenv("TOKEN") or "bench"

setup = function(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

request = function()
  counter = counter + 1
  local id = string.format("bench-%d-%d-%d", run, thread_id, counter)
  local body = string.format(
    '{"id": "%s", "date": "2022-06-20", "text": "Kazakhstan criticized Russia over the oil terminal in report %s. Officials in Astana met Chinese envoys on Monday."}',
    id, id)
  return wrk.format("POST", "/api/documents", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

dofile("scripts/api/p95.lua")
