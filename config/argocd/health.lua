-- Argo CD health for SecureWorkspace, ImageBuildCompute and JumpBox (group secureml.io). One script for the three
-- kinds: they share the kstatus status contract (observedGeneration, Ready, Reconciling, Stalled).
-- Only Stalled=True is Degraded: Ready=False is normal while Azure provisions (often many minutes), and reporting it
-- as Degraded would fail sync waves that are merely waiting.
-- Written for Lua 5.1 (Argo CD embeds gopher-lua).
local hs = { status = "Progressing", message = "Waiting for the operator to report status" }

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.message = "Deleting: waiting for the operator to finish clean-up"
  return hs
end

if obj.status == nil then
  return hs
end

local generation = obj.metadata and obj.metadata.generation

-- A condition written for an older generation says nothing about the current spec.
local function current(c)
  return c.observedGeneration == nil or generation == nil or c.observedGeneration == generation
end

local function text(s)
  if s ~= nil and s ~= "" then return s end
  return nil
end

local ready, stalled = nil, nil
if obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" then ready = c end
    if c.type == "Stalled" and c.status == "True" then stalled = c end
  end
end

-- The operator sets status.observedGeneration only once it has judged a generation (Ready or Stalled), and the CRDs
-- default it to -1: until then the object is Progressing, explained by the Ready condition if that is already
-- about this generation (e.g. "Creating private endpoint ...").
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed ~= generation then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  if ready ~= nil and ready.observedGeneration == generation then
    hs.message = text(ready.message) or hs.message
  end
  return hs
end

if stalled ~= nil and current(stalled) then
  hs.status = "Degraded"
  hs.message = text(stalled.message) or text(stalled.reason) or "Stalled"
  return hs
end

if ready == nil then
  hs.message = "Waiting for the operator to report Ready"
elseif not current(ready) then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
else
  if ready.status == "True" then
    hs.status = "Healthy"
  end
  hs.message = text(ready.message) or text(ready.reason) or ("Ready is " .. tostring(ready.status))
end
return hs
