-- Argo CD health check for DynamoItemRestore (dynamobackup.io/v1alpha1).
-- Completed -> Healthy; Failed or PartiallyFailed (some items could not be written) -> Degraded; Stalled=True (the
-- operator cannot make progress until someone acts: an invalid spec, a missing target table, a stalled scratch
-- restore, a changed spec, an AWS error such as AccessDeniedException) -> Degraded; anything else (Pending,
-- Restoring, Copying, CleaningUp, a throttled target being retried) -> Progressing.
local function condition(conditions, type)
  if conditions == nil then return nil end
  for _, c in ipairs(conditions) do
    if c.type == type then return c end
  end
  return nil
end

local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local ready = condition(obj.status.conditions, "Ready")
local stalled = condition(obj.status.conditions, "Stalled")
local phase = obj.status.phase
hs.message = (ready ~= nil and ready.message) or (phase ~= nil and ("Phase " .. phase)) or ""
if phase == "Completed" then
  hs.status = "Healthy"
elseif phase == "Failed" or phase == "PartiallyFailed" then
  hs.status = "Degraded"
elseif stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  -- Ready carries the same reason; its message is the one written for users.
  local detail = (ready ~= nil and ready.status == "False" and ready.message) or stalled.message or ""
  hs.message = (stalled.reason or "Stalled") .. ": " .. detail
else
  hs.status = "Progressing"
end
return hs
