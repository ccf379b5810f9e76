-- Argo CD health check for DynamoBackupPlan (dynamobackup.io/v1alpha1), in this order:
--   no status, or status.observedGeneration < metadata.generation   -> Progressing
--   Ready=False with reason InvalidSpec or a non-transient AWS error -> Degraded (even when suspended)
--   spec.suspend: true                                               -> Suspended
--   BackupOverdue=True (RPO breach) or DrillFailed=True              -> Degraded
--   Ready=True                                                       -> Healthy
--   anything else                                                    -> Progressing
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

local function isTrue(c)
  return c ~= nil and c.status == "True"
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

local conditions = obj.status.conditions
local ready = condition(conditions, "Ready")
if ready ~= nil and ready.status == "False" and (ready.reason == "InvalidSpec" or isPermanentAwsError(ready.reason)) then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. (ready.message or "")
  return hs
end
if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "The plan is suspended (spec.suspend); no backups are scheduled"
  return hs
end
local overdue = condition(conditions, "BackupOverdue")
if isTrue(overdue) then
  hs.status = "Degraded"
  hs.message = "BackupOverdue: " .. (overdue.message or "the newest backup is older than the schedule allows")
  return hs
end
local drill = condition(conditions, "DrillFailed")
if isTrue(drill) then
  hs.status = "Degraded"
  hs.message = "DrillFailed: " .. (drill.message or "the last restore drill failed")
  return hs
end
if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  return hs
end
hs.status = "Progressing"
hs.message = (ready ~= nil and ready.message) or "Waiting for the plan to become ready"
return hs
