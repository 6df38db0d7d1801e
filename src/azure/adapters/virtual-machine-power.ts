// VM power as actions: start (→ PowerState/running) and deallocate (→ PowerState/deallocated, no compute billing).
// The check reads the instance view, so a VM already in the wanted state costs one GET and no POST.
import type { ActionCheck } from '../../plan/index.ts';
import { rgAndNames } from '../resource-id.ts';
import { defineActionAdapter, sdkOptions } from './define.ts';
import type { AdapterDeps, ArmActionAdapter, SdkOptions } from './define.ts';

export interface PowerStateOutput {
  /** e.g. 'running', 'deallocated', 'stopped', 'starting'. */
  readonly powerState: string;
}

type Target = 'running' | 'deallocated';
const TRANSITIONS: Record<Target, readonly string[]> = { running: ['starting'], deallocated: ['deallocating', 'stopping'] };

async function powerState(deps: AdapterDeps, id: string, opts: SdkOptions): Promise<string> {
  const view = await deps.clients.compute.virtualMachines.instanceView(...rgAndNames(id, 'virtualMachines'), opts);
  const code = view.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
  return code?.slice('PowerState/'.length) ?? 'unknown';
}

function powerAction(target: Target, key: string, noun: string): ArmActionAdapter<Record<string, never>, PowerStateOutput> {
  return defineActionAdapter({
    key,
    noun,
    build: (deps) => ({
      async check(id, _params, ctx): Promise<ActionCheck<PowerStateOutput>> {
        const state = await powerState(deps, id, sdkOptions(deps, ctx));
        return { done: state === target, inProgress: TRANSITIONS[target].includes(state), output: { powerState: state }, detail: `power state ${state}` };
      },
      async run(id, _params, ctx) {
        const vms = deps.clients.compute.virtualMachines;
        const [rg, name] = rgAndNames(id, 'virtualMachines');
        await (target === 'running' ? vms.start(rg, name, sdkOptions(deps, ctx)) : vms.deallocate(rg, name, sdkOptions(deps, ctx)));
      },
    }),
  });
}

export const startVirtualMachine = powerAction('running', 'Microsoft.Compute/virtualMachines/start', 'VirtualMachineStart');
export const deallocateVirtualMachine = powerAction('deallocated', 'Microsoft.Compute/virtualMachines/deallocate', 'VirtualMachineDeallocation');
