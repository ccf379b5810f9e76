-- Argo CD health check for DynamoBackupPlan (dynamobackup.io/v1alpha1), in this order:
--   no status, or status.observedGeneration < metadata.generation   -> Progressing
--   Stalled=True (invalid spec, tenancy denial, an AWS error the    -> Degraded (even when suspended)
--   operator does not retry, such as AccessDeniedException)
--   spec.suspend: true                                               -> Suspended
--   BackupOverdue=True or CopiesOverdue=True (RPO breach), or        -> Degraded
--   DrillFailed=True
--   Ready=True                                                       -> Healthy
--   anything else (incl. Reconciling=True: a transient error retried) -> Progressing
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
local stalled = condition(conditions, "Stalled")
if isTrue(stalled) then
  hs.status = "Degraded"
  -- Ready carries the same reason; its message is the one written for users.
  local detail = (ready ~= nil and ready.status == "False" and ready.message) or stalled.message or ""
  hs.message = (stalled.reason or "Stalled") .. ": " .. detail
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
local copies = condition(conditions, "CopiesOverdue")
if isTrue(copies) then
  hs.status = "Degraded"
  hs.message = "CopiesOverdue: " .. (copies.message or "a copy Region has no recent copy")
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
