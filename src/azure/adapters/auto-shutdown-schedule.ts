// The jump box's daily auto-shutdown: a DevTestLab "global schedule" named shutdown-computevm-<vm>, the resource
// the portal's Auto-shutdown blade writes.
import type { Schedule } from '@azure/arm-devtestlabs';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface AutoShutdownScheduleSpec {
  readonly location: string;
  readonly targetResourceId: string;
  /** 'HH:MM' or 'HHMM', 24 h. */
  readonly time: string;
  /** Windows time zone id, e.g. 'UTC', 'W. Europe Standard Time'. */
  readonly timeZoneId: string;
  readonly enabled?: boolean;
  readonly tags?: Record<string, string>;
}

export interface AutoShutdownScheduleOutput {
  readonly id: string;
  readonly name: string;
}

export function autoShutdownScheduleName(vmName: string): string {
  return `shutdown-computevm-${vmName}`;
}

const args = (id: string) => rgAndNames(id, 'schedules');

const body = (spec: AutoShutdownScheduleSpec): Schedule =>
  withTags(
    {
      location: spec.location,
      status: spec.enabled === false ? 'Disabled' : 'Enabled',
      taskType: 'ComputeVmShutdownTask',
      dailyRecurrence: { time: spec.time.replace(':', '') },
      timeZoneId: spec.timeZoneId,
      targetResourceId: spec.targetResourceId,
      notificationSettings: { status: 'Disabled' },
    },
    spec.tags,
  );

export const autoShutdownSchedules = defineResourceAdapter<AutoShutdownScheduleSpec, Schedule, AutoShutdownScheduleOutput>({
  key: 'Microsoft.DevTestLab/schedules',
  noun: 'AutoShutdownSchedule',
  get: ({ clients }, id, opts) => clients.devTestLabs.globalSchedules.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.devTestLabs.globalSchedules.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.devTestLabs.globalSchedules.delete(...args(id), opts),
  owned: body,
  immutable: ['location', 'targetResourceId'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1] }),
});
