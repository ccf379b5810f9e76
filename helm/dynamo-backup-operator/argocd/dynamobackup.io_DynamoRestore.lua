-- Argo CD health check for DynamoRestore (dynamobackup.io/v1alpha1), in this order:
-- Failed -> Degraded; Stalled=True (the operator cannot make progress until someone acts: an invalid spec, the
-- recovery point does not exist, the target table exists, a tenancy denial, an AWS error such as
-- AccessDeniedException, an edit of the immutable source or target) -> Degraded, also in phase Ready;
-- Ready -> Healthy; anything else (Pending, Copying, Restoring, ApplyingSettings, a transient error being retried)
-- -> Progressing.
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
if phase == "Failed" then
  hs.status = "Degraded"
  if obj.status.failure ~= nil and obj.status.failure.message ~= nil then
    hs.message = obj.status.failure.message
  end
elseif stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  -- Ready carries the same reason; its message is the one written for users.
  local detail = (ready ~= nil and ready.status == "False" and ready.message) or stalled.message or ""
  hs.message = (stalled.reason or "Stalled") .. ": " .. detail
elseif phase == "Ready" then
  hs.status = "Healthy"
else
  hs.status = "Progressing"
end
return hs
