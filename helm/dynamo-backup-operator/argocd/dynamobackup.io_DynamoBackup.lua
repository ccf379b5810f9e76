-- Argo CD health check for DynamoBackup (dynamobackup.io/v1alpha1).
-- Completed -> Healthy; Pending, Running, Copying -> Progressing; Failed, Expired -> Degraded.
-- Before the job starts, Ready=False with reason InvalidSpec or a non-transient AWS error code -> Degraded.
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

-- A reason that is an AWS error code the user must act on (AccessDeniedException, ResourceNotFoundException, HTTP403).
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
if phase == "Completed" then
  hs.status = "Healthy"
elseif phase == "Failed" or phase == "Expired" then
  hs.status = "Degraded"
  if obj.status.failure ~= nil and obj.status.failure.message ~= nil then
    hs.message = obj.status.failure.message
  end
elseif ready ~= nil and ready.status == "False" and (ready.reason == "InvalidSpec" or isPermanentAwsError(ready.reason)) then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. (ready.message or "")
else
  -- Pending, Running, Copying, or no phase yet.
  hs.status = "Progressing"
end
return hs
