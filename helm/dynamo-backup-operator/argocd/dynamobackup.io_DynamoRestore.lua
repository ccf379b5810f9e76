-- Argo CD health check for DynamoRestore (dynamobackup.io/v1alpha1).
-- Ready -> Healthy; Pending, Copying, Restoring, ApplyingSettings -> Progressing; Failed -> Degraded.
-- Ready=False with reason InvalidSpec, TargetExists or a non-transient AWS error code -> Degraded.
local TRANSIENT = {
  ThrottlingException = true, Throttling = true, TooManyRequestsException = true, RequestLimitExceeded = true,
  ProvisionedThroughputExceededException = true, LimitExceededException = true, RequestThrottledException = true,
  InternalServerError = true, InternalFailure = true, ServiceUnavailable = true, ServiceUnavailableException = true,
  ClientError = true,
}

local function condition(conditions, type)
  if conditions == nil then return nil end
  for _, c in ipairs(conditions) do
    if c.type == type then return c end
  end
  return nil
end

local function isPermanentAwsError(reason)
  if reason == nil or TRANSIENT[reason] or string.match(reason, "^HTTP5") then return false end
  return string.match(reason, "Exception$") ~= nil or string.match(reason, "^AccessDenied") ~= nil
    or string.match(reason, "^HTTP4%d%d$") ~= nil
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
local phase = obj.status.phase
hs.message = (ready ~= nil and ready.message) or (phase ~= nil and ("Phase " .. phase)) or ""
if phase == "Ready" then
  hs.status = "Healthy"
elseif phase == "Failed" then
  hs.status = "Degraded"
  if obj.status.failure ~= nil and obj.status.failure.message ~= nil then
    hs.message = obj.status.failure.message
  end
elseif ready ~= nil and ready.status == "False" and (ready.reason == "InvalidSpec" or ready.reason == "TargetExists"
    or isPermanentAwsError(ready.reason)) then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. (ready.message or "")
else
  -- Pending, Copying, Restoring, ApplyingSettings, or no phase yet.
  hs.status = "Progressing"
end
return hs
