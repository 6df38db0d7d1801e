// Long-running operations survive their client: a poller serialized mid-flight (as the operator may keep it in an
// annotation) resumes on a brand-new client, polls the saved status URL and never re-sends the initial request.
import { restorePoller } from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createWorkspaceDeps, workspaceBody } from './builders.ts';
import type { WorkspaceDeps } from './builders.ts';

let h: Harness;
let rg: string;
let deps: WorkspaceDeps;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  deps = await createWorkspaceDeps(h, rg);
  // Operations must still be running after the first poll for a resume to mean anything.
  await h.emu.admin.setLatency('realistic', 0.02);
});
afterAll(() => h?.stop());

async function writesTo(name: string): Promise<number> {
  const log = await h.emu.admin.requests();
  return log.filter((r) => r.method !== 'GET' && r.path.toLowerCase().includes(name.toLowerCase())).length;
}

describe('LRO resume', () => {
  it('HLC (arm-machinelearning): resumeFrom the toString() of a running poller', async () => {
    const name = uniqueName('mlw');
    const poller = await h.clients.machineLearning.workspaces.beginCreateOrUpdate(rg, name, workspaceBody(deps), FAST);
    expect(poller.isDone()).toBe(false);
    const saved = poller.toString();
    poller.stopPolling();

    const fresh = h.connect();
    const ws = await fresh.machineLearning.workspaces.beginCreateOrUpdateAndWait(rg, name, workspaceBody(deps), { ...FAST, resumeFrom: saved });
    expect(ws).toMatchObject({ name, provisioningState: 'Succeeded' });
    expect(await writesTo(name)).toBe(1);
  });

  it('modular (arm-network): restorePoller from serialize() of a submitted poller', async () => {
    const name = uniqueName('vnet');
    const poller = h.clients.network.virtualNetworks.createOrUpdate(
      rg,
      name,
      { location: LOCATION, addressSpace: { addressPrefixes: ['10.80.0.0/16'] } },
      FAST,
    );
    await poller.submitted();
    const saved = await poller.serialize();
    expect(JSON.parse(saved)).toMatchObject({ state: { status: expect.stringMatching(/running|notStarted/) } });

    const fresh = h.connect();
    const restored = restorePoller(fresh.network, saved, fresh.network.virtualNetworks.createOrUpdate, FAST);
    const vnet = await restored;
    expect(vnet).toMatchObject({ name, provisioningState: 'Succeeded' });
    expect(await writesTo(name)).toBe(1);
  });

  it('a saved status URL stays valid after the operation finished', async () => {
    const name = uniqueName('vnet');
    const poller = h.clients.network.virtualNetworks.createOrUpdate(rg, name, { location: LOCATION, addressSpace: { addressPrefixes: ['10.81.0.0/16'] } }, FAST);
    await poller.submitted();
    const saved = await poller.serialize();
    await poller;
    const late = await restorePoller(h.connect().network, saved, h.clients.network.virtualNetworks.createOrUpdate, FAST);
    expect(late.provisioningState).toBe('Succeeded');
  });
});
