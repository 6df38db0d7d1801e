import { badRequest } from '../../engine/errors.ts';
import { nameOf } from '../../engine/ids.ts';
import { requireReference } from '../../engine/references.ts';
import { asObject, asString, propertiesOf, refId } from '../../engine/render.ts';
import type { JsonObject, TypeDef } from '../../engine/types.ts';
import { SUBNET_TYPE } from '../network/common.ts';
import { COMPUTE_TYPE, ML_API_VERSIONS, ML_OPERATION_URLS, ML_PATTERNS, ML_STATES } from './common.ts';

const COMPUTE_TYPES = ['AmlCompute', 'ComputeInstance', 'AKS', 'Kubernetes', 'VirtualMachine', 'HDInsight', 'DataFactory', 'Databricks', 'DataLakeAnalytics', 'SynapseSpark'];

function prepareAmlCompute(w: Parameters<NonNullable<TypeDef['prepare']>>[0], inner: JsonObject): void {
  if (!asString(inner['vmSize'])) throw badRequest('ValidationError', 'AmlCompute needs properties.properties.vmSize.');
  const subnet = refId(inner['subnet']);
  if (subnet !== undefined) requireReference(w.world, subnet, 'properties.properties.subnet.id', w.id, SUBNET_TYPE);
  const scale = asObject(inner['scaleSettings']) ?? {};
  const max = scale['maxNodeCount'];
  const min = scale['minNodeCount'] ?? 0;
  if (typeof max !== 'number' || typeof min !== 'number' || min < 0 || max < min) {
    throw badRequest('ValidationError', `AmlCompute scaleSettings need 0 <= minNodeCount <= maxNodeCount (got ${String(min)}..${String(max)}).`);
  }
  inner['scaleSettings'] = { nodeIdleTimeBeforeScaleDown: 'PT120S', ...scale, minNodeCount: min };
  inner['vmPriority'] ??= 'Dedicated';
  inner['osType'] ??= 'Linux';
  inner['enableNodePublicIp'] ??= true;
  inner['remoteLoginPortPublicAccess'] ??= 'NotSpecified';
  inner['isolatedNetwork'] ??= false;
  inner['allocationState'] = 'Steady';
  inner['allocationStateTransitionTime'] = new Date(w.world.now()).toISOString();
  inner['currentNodeCount'] = min;
  inner['targetNodeCount'] = min;
  inner['nodeStateCounts'] = { idleNodeCount: min, runningNodeCount: 0, preparingNodeCount: 0, unusableNodeCount: 0, leavingNodeCount: 0, preemptedNodeCount: 0 };
  inner['errors'] = null;
}

/**
 * Workspace computes (CPU clusters for image builds). A compute needs its workspace (404 ParentResourceNotFound)
 * and, when it names one, an existing subnet; while it exists its subnet counts as in use.
 */
export const computes: TypeDef = {
  type: COMPUTE_TYPE,
  apiVersions: ML_API_VERSIONS,
  patterns: ML_PATTERNS,
  operationUrls: ML_OPERATION_URLS,
  location: 'optional',
  states: ML_STATES,
  prepare(w) {
    const name = nameOf(w.id);
    if (!/^[a-zA-Z][a-zA-Z0-9-]{1,15}$/.test(name)) {
      throw badRequest('ValidationError', `Compute name '${name}' is invalid: 2 to 16 letters, digits or hyphens, starting with a letter.`);
    }
    const props = propertiesOf(w.resource.body);
    const computeType = asString(props['computeType']);
    if (!computeType || !COMPUTE_TYPES.includes(computeType)) {
      throw badRequest('ValidationError', `Compute type '${String(computeType)}' is not valid; expected one of ${COMPUTE_TYPES.join(', ')}.`);
    }
    const inner = asObject(props['properties']) ?? {};
    props['properties'] = inner;
    if (computeType === 'AmlCompute') prepareAmlCompute(w, inner);
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    const now = new Date(w.world.now()).toISOString();
    props['createdOn'] = before['createdOn'] ?? now;
    props['modifiedOn'] = now;
    props['isAttachedCompute'] = false;
    props['disableLocalAuth'] ??= true;
    if (!w.resource.body['location']) {
      const ws = w.world.store.get(w.id.slice(0, w.id.toLowerCase().lastIndexOf('/computes/')));
      if (ws?.body['location']) w.resource.body['location'] = ws.body['location'];
    }
  },
};
