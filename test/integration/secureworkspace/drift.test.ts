// Drift: a resync of a converged workspace writes nothing; a field changed behind the operator's back (a storage
// firewall opened, an A record pointed elsewhere) is put back with exactly one write each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { createSecureWorkspace, inventory, poke, props, reconcileOnce, TUTORIAL_NETWORK, waitFor, waitForCondition, writes } from './helpers.ts';
import type { SecureWorkspaceObject } from './helpers.ts';

const NAME = 'drift';

let ns: string;
let t: TestOperator;
let ready: SecureWorkspaceObject;

const resource = (id: string) => inventory(t.emulator).find((r) => r.id.toLowerCase() === id.toLowerCase());

const idOf = (type: string, name?: string): string => {
  const row = ready.status?.resources?.find((r) => r.type === type && (name === undefined || r.name === name));
  if (!row) throw new Error(`no ${type} ${name ?? ''} in status`);
  return row.id;
};

beforeAll(async () => {
  ns = await createTestNamespace('sws-drift');
  t = await startTestOperator({ namespace: ns });
  await createSecureWorkspace(t.kubeConfig, ns, NAME, { location: 'eastus', resourceGroup: 'rg-drift', namePrefix: 'mldrift', network: TUTORIAL_NETWORK });
  ready = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
});

afterAll(async () => t?.stop());

describe('resync', () => {
  it('makes zero writes (ARM or status) when nothing drifted', async () => {
    t.emulator.admin.clearRequests();
    const poked = await reconcileOnce(t.kubeConfig, ns, NAME);
    expect(writes(t.emulator)).toEqual([]);
    expect(t.emulator.admin.requests().every((r) => r.method === 'GET')).toBe(true);
    const { stdout } = await kubectl(['get', 'secureworkspace', NAME, '-n', ns, '-o', 'json']);
    const after = JSON.parse(stdout) as SecureWorkspaceObject & { metadata: { resourceVersion: string } };
    expect(after.metadata.resourceVersion).toBe(poked);
    expect(after.status).toEqual(ready.status);
  });

  // The operator may also run a reconcile of its own (a requeue left from provisioning): waiting for the correction
  // itself, then counting writes, holds whichever reconcile makes it.
  it('corrects an opened storage firewall with one PUT', async () => {
    const storage = idOf('Microsoft.Storage/storageAccounts');
    const firewall = () => (props(resource(storage))['networkAcls'] as { defaultAction: string }).defaultAction;
    t.emulator.admin.clearRequests();
    t.emulator.admin.mutate(storage, { properties: { networkAcls: { defaultAction: 'Allow' } } });
    await poke(t.kubeConfig, ns, NAME);
    await waitFor('the storage firewall to be closed again', async () => (firewall() === 'Deny' ? true : undefined));
    expect(writes(t.emulator)).toEqual([{ method: 'PUT', path: expect.stringMatching(new RegExp(`${storage.split('/').at(-1)}$`, 'i')) }]);
  });

  it('re-checks DNS: an A record pointed elsewhere goes back to the endpoint IP with one PUT', async () => {
    const row = ready.status!.privateEndpoints!.find((p) => p.name === 'mldrift-pe-vault')!;
    const record = idOf('Microsoft.Network/privateDnsZones/A', row.fqdn.split('.')[0]);
    const ips = () => JSON.stringify(props(resource(record))['aRecords']);
    t.emulator.admin.clearRequests();
    t.emulator.admin.mutate(record, { properties: { aRecords: [{ ipv4Address: '10.66.66.66' }] } });
    await poke(t.kubeConfig, ns, NAME);
    await waitFor('the A record to point at the endpoint again', async () => (ips() === JSON.stringify([{ ipv4Address: row.ip }]) ? true : undefined));
    expect(writes(t.emulator)).toEqual([{ method: 'PUT', path: expect.stringMatching(/\/A\//) }]);
  });

  it('tells the user what it corrected', async () => {
    const { stdout } = await kubectl(['get', 'events.events.k8s.io', '-n', ns, '-o', 'json']);
    const notes = (JSON.parse(stdout) as { items: { reason: string; note: string }[] }).items.filter((e) => e.reason === 'DriftCorrected').map((e) => e.note);
    expect(notes).toEqual(
      expect.arrayContaining([expect.stringContaining('storageAccount: update (networkRuleSet.defaultAction)'), expect.stringMatching(/aRecord\/privatelink\.vaultcore\.azure\.net/)]),
    );
  });
});
