// Helpers of the SecureWorkspace integration tests: the object through the real apiserver, waits with deadlines,
// and checks over the emulator's inventory (what really exists in "Azure").
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, GROUP, SECURE_WORKSPACE_PLURAL, VERSION } from '../../../src/api/index.ts';
import type { SecureWorkspaceSpecInput, SecureWorkspaceStatus } from '../../../src/api/index.ts';
import type { RunningEmulator } from '../../../src/emulator/index.ts';
import { MANAGED_BY_TAG } from '../../../src/controllers/shared/ownership.ts';
import { registry } from '../../../src/runtime/index.ts';

export interface SecureWorkspaceObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; generation?: number; finalizers?: string[]; deletionTimestamp?: string; uid?: string };
  spec: SecureWorkspaceSpecInput;
  status?: SecureWorkspaceStatus;
}

type Json = Record<string, unknown>;

const api = (kc: KubeConfig) => kc.makeApiClient(CustomObjectsApi);
const coords = (namespace: string) => ({ group: GROUP, version: VERSION, namespace, plural: SECURE_WORKSPACE_PLURAL });

/** The tutorial's network (seed 002). */
export const TUTORIAL_NETWORK = {
  mode: 'CustomerManaged',
  addressSpace: '172.16.0.0/16',
  subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24', bastion: '172.16.2.0/26' },
} as const;

export async function createSecureWorkspace(kc: KubeConfig, namespace: string, name: string, spec: SecureWorkspaceSpecInput): Promise<void> {
  await api(kc).createNamespacedCustomObject({
    ...coords(namespace),
    body: { apiVersion: API_VERSION, kind: 'SecureWorkspace', metadata: { name, namespace }, spec },
  });
}

export async function getSecureWorkspace(kc: KubeConfig, namespace: string, name: string): Promise<SecureWorkspaceObject | undefined> {
  try {
    return (await api(kc).getNamespacedCustomObject({ ...coords(namespace), name })) as SecureWorkspaceObject;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}

/** JSON merge patch of the spec (a spec change bumps the generation). */
export async function patchSpec(kc: KubeConfig, namespace: string, name: string, spec: Json): Promise<void> {
  await api(kc).patchNamespacedCustomObject(
    { ...coords(namespace), name, body: { spec } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

export async function deleteSecureWorkspace(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  await api(kc).deleteNamespacedCustomObject({ ...coords(namespace), name });
}

/** Polls `probe` until it returns something other than undefined; fails with `what` and the last value after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function condition(obj: SecureWorkspaceObject | undefined, type: string) {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

/** Waits until `type` has `status` for the object's current generation; returns the object then. */
export function waitForCondition(
  kc: KubeConfig,
  namespace: string,
  name: string,
  type: string,
  status: 'True' | 'False' = 'True',
  timeoutMs = 90_000,
): Promise<SecureWorkspaceObject> {
  let last: SecureWorkspaceObject | undefined;
  return waitFor(
    `${namespace}/${name} ${type}=${status}`,
    async () => {
      last = await getSecureWorkspace(kc, namespace, name);
      const c = condition(last, type);
      return c?.status === status && c.observedGeneration === last?.metadata.generation ? last : undefined;
    },
    timeoutMs,
  ).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}; last conditions: ${JSON.stringify(last?.status?.conditions ?? [])}`);
  });
}

export function waitForGone(kc: KubeConfig, namespace: string, name: string, timeoutMs = 90_000): Promise<true> {
  return waitFor(`${namespace}/${name} to be gone`, async () => ((await getSecureWorkspace(kc, namespace, name)) ? undefined : true), timeoutMs);
}

// --- the emulator's view -------------------------------------------------------------------------------------

export type Resource = Json & { id: string; type: string; name: string; tags?: Record<string, string>; properties?: Json };

export function inventory(emulator: RunningEmulator): Resource[] {
  return emulator.admin.inventory() as Resource[];
}

/** Resources in one resource group (ids are compared case-insensitively, as ARM does). */
export function inGroup(resources: readonly Resource[], subscriptionId: string, group: string): Resource[] {
  const prefix = `/subscriptions/${subscriptionId}/resourcegroups/${group}/`.toLowerCase();
  return resources.filter((r) => r.id.toLowerCase().startsWith(prefix));
}

/** `type` → count, for comparing an inventory with the expected set. */
export function countByType(resources: readonly Resource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

export function ownedBy(r: Resource, namespace: string, name: string): boolean {
  return r.tags?.[MANAGED_BY_TAG] === `${namespace}/${name}`;
}

export function props(r: Resource | undefined): Json {
  return (r?.properties ?? {}) as Json;
}

/**
 * The DNS check of the tutorial: every host name of every private endpoint resolves, through an A record in the
 * matching privatelink zone (linked to `vnetId`), to that endpoint's IP. Returns the failures (empty = all good).
 */
export function dnsProblems(resources: readonly Resource[], vnetId: string): string[] {
  const problems: string[] = [];
  const zones = resources.filter((r) => r.type === 'Microsoft.Network/privateDnsZones');
  const records = resources.filter((r) => r.type === 'Microsoft.Network/privateDnsZones/A');
  const links = resources.filter((r) => r.type === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks');
  for (const pe of resources.filter((r) => r.type === 'Microsoft.Network/privateEndpoints')) {
    const configs = (props(pe)['customDnsConfigs'] ?? []) as { fqdn: string; ipAddresses: string[] }[];
    if (configs.length === 0) problems.push(`${pe.name}: no customDnsConfigs`);
    for (const { fqdn, ipAddresses } of configs) {
      const host = fqdn.toLowerCase();
      const zone = zones.find((z) => {
        const suffix = z.name.toLowerCase().replace(/^privatelink\./, '');
        return host.endsWith(`.${suffix}`) || (suffix === 'vaultcore.azure.net' && host.endsWith('.vault.azure.net'));
      });
      if (!zone) {
        problems.push(`${fqdn}: no privatelink zone`);
        continue;
      }
      const linked = links.some(
        (l) => l.id.toLowerCase().startsWith(`${zone.id.toLowerCase()}/`) && String((props(l)['virtualNetwork'] as Json | undefined)?.['id']).toLowerCase() === vnetId.toLowerCase(),
      );
      if (!linked) problems.push(`${zone.name}: not linked to ${vnetId}`);
      const suffix = zone.name.toLowerCase() === 'privatelink.vaultcore.azure.net' ? 'vault.azure.net' : zone.name.toLowerCase().replace(/^privatelink\./, '');
      const recordName = host.slice(0, -(suffix.length + 1));
      const record = records.find((r) => r.id.toLowerCase() === `${zone.id}/A/${recordName}`.toLowerCase());
      const ips = ((props(record)['aRecords'] ?? []) as { ipv4Address: string }[]).map((a) => a.ipv4Address);
      if (!record) problems.push(`${fqdn}: no A record ${recordName} in ${zone.name}`);
      else if (ips.join(',') !== ipAddresses.join(',')) problems.push(`${fqdn}: A record ${ips.join(',')} ≠ endpoint IP ${ipAddresses.join(',')}`);
    }
  }
  return problems;
}

/** PUT, PATCH and POST requests in the emulator's log since the last clear (writes the operator made). */
export function writes(emulator: RunningEmulator): { method: string; path: string }[] {
  return emulator.admin.requests().filter((r) => ['PUT', 'PATCH', 'POST'].includes(r.method)).map((r) => ({ method: r.method, path: r.path }));
}

// --- reconciles -------------------------------------------------------------------------------------------

/** Finished SecureWorkspace reconciles of this process (the in-process operator), whatever their result. */
export async function reconcileCount(): Promise<number> {
  const metric = registry.getSingleMetric('controller_runtime_reconcile_total');
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => v.labels['controller'] === 'secureworkspace').reduce((sum, v) => sum + v.value, 0);
}

/** Makes the operator reconcile the object (an annotation change enqueues it without changing the spec). */
export async function poke(kc: KubeConfig, namespace: string, name: string): Promise<string> {
  const poked = (await api(kc).patchNamespacedCustomObject(
    { ...coords(namespace), name, body: { metadata: { annotations: { 'test.secureml.io/poke': String(Date.now()) } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  )) as { metadata: { resourceVersion: string } };
  return poked.metadata.resourceVersion;
}

/**
 * Pokes the object and waits until a reconcile has finished since. Returns the resourceVersion the poke left, to
 * detect later writes.
 */
export async function reconcileOnce(kc: KubeConfig, namespace: string, name: string): Promise<string> {
  const before = await reconcileCount();
  const resourceVersion = await poke(kc, namespace, name);
  await waitFor(`a reconcile of ${namespace}/${name}`, async () => ((await reconcileCount()) > before ? true : undefined));
  return resourceVersion;
}
