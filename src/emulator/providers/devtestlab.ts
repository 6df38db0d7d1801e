import { badRequest } from '../engine/errors.ts';
import { nameOf } from '../engine/ids.ts';
import { requireReference } from '../engine/references.ts';
import { asObject, asString, propertiesOf } from '../engine/render.ts';
import type { TypeDef } from '../engine/types.ts';

/** api-versions of Microsoft.DevTestLab/schedules; 2018-09-15 is @azure/arm-devtestlabs 4.1's. */
export const DEVTESTLAB_API_VERSIONS = ['2016-05-15', '2018-09-15'] as const;

/**
 * Auto-shutdown schedules (`ComputeVmShutdownTask`): synchronous, named `shutdown-computevm-<vm>` after the VM they
 * target, with a daily time `HHmm` and a time zone.
 */
export const schedules: TypeDef = {
  type: 'Microsoft.DevTestLab/schedules',
  apiVersions: DEVTESTLAB_API_VERSIONS,
  patterns: { put: 'sync', delete: 'sync', patch: 'sync' },
  location: 'optional',
  states: { create: 'Succeeded', update: 'Succeeded', delete: 'Deleting' },
  prepare(w) {
    const props = propertiesOf(w.resource.body);
    const taskType = asString(props['taskType']);
    if (!taskType) throw badRequest('InvalidRequestContent', 'The schedule needs properties.taskType.');
    const time = asString(asObject(props['dailyRecurrence'])?.['time']);
    if (time !== undefined && !/^([01]\d|2[0-3])[0-5]\d$/.test(time)) {
      throw badRequest('InvalidRequestContent', `dailyRecurrence.time '${time}' is not a time of day in HHmm form.`);
    }
    if (taskType === 'ComputeVmShutdownTask') {
      const vm = requireReference(w.world, props['targetResourceId'], 'properties.targetResourceId', w.id, 'Microsoft.Compute/virtualMachines');
      const expected = `shutdown-computevm-${nameOf(vm.id)}`;
      if (nameOf(w.id).toLowerCase() !== expected.toLowerCase()) {
        throw badRequest('InvalidScheduleName', `The shutdown schedule of ${vm.id} must be named '${expected}'.`);
      }
      if (!asString(props['timeZoneId'])) throw badRequest('InvalidRequestContent', 'The shutdown schedule needs properties.timeZoneId.');
    }
    props['status'] ??= 'Enabled';
    props['notificationSettings'] ??= { status: 'Disabled', timeInMinutes: 30 };
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    props['createdDate'] = before['createdDate'] ?? new Date(w.world.now()).toISOString();
    props['uniqueIdentifier'] = before['uniqueIdentifier'] ?? crypto.randomUUID();
  },
};
