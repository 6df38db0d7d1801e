// The factory's contract (and its environment wiring in credentials.ts), checked against a throwaway HTTPS server: every client goes to the configured endpoint,
// trusts the given CA, asks the credential for the ARM scope (not `${endpoint}/.default`), and honours retries,
// extra pipeline policies and the user-agent prefix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefaultAzureCredential } from '@azure/identity';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { ARM_SCOPE, createArmClients } from '../../../src/azure/clients.ts';
import type { ArmClients, ArmConnection } from '../../../src/azure/clients.ts';
import { armConnectionFromEnv, createCredential } from '../../../src/azure/credentials.ts';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let endpoint: string;
let caPem: string;
const seen: Seen[] = [];
let respondWith: { status: number; body: object } = { status: 200, body: {} };

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  caPem = pems.cert;
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    seen.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', headers: req.headers });
    req.resume();
    res.writeHead(respondWith.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(respondWith.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  // A 404 keeps the SDKs' response deserializers out of the way: only routing and the pipeline are under test.
  respondWith = { status: 404, body: { error: { code: 'ResourceNotFound', message: 'not here' } } };
});

function recordingCredential(scopes: string[]): TokenCredential {
  return {
    getToken: async (requested: string | string[]): Promise<AccessToken> => {
      scopes.push(...(Array.isArray(requested) ? requested : [requested]));
      return { token: 'unit-token', expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

function connection(overrides: Partial<ArmConnection> = {}): ArmConnection {
  return { subscriptionId: 'sub-1', endpoint, caPem, credential: recordingCredential([]), ...overrides };
}

const rg = '/subscriptions/sub-1/resourceGroups/rg';
// One cheap GET per client, with the path real ARM would receive (ARM paths are case-insensitive).
const calls: [keyof ArmClients, (c: ArmClients) => Promise<unknown>, string][] = [
  ['network', (c) => c.network.virtualNetworks.get('rg', 'vnet'), `${rg}/providers/Microsoft.Network/virtualNetworks/vnet`],
  ['privateDns', (c) => c.privateDns.privateZones.get('rg', 'z.example'), `${rg}/providers/Microsoft.Network/privateDnsZones/z.example`],
  ['storage', (c) => c.storage.storageAccounts.getProperties('rg', 'st1'), `${rg}/providers/Microsoft.Storage/storageAccounts/st1`],
  ['keyVault', (c) => c.keyVault.vaults.get('rg', 'kv1'), `${rg}/providers/Microsoft.KeyVault/vaults/kv1`],
  ['registry', (c) => c.registry.registries.get('rg', 'acr1'), `${rg}/providers/Microsoft.ContainerRegistry/registries/acr1`],
  ['compute', (c) => c.compute.virtualMachines.get('rg', 'vm1'), `${rg}/providers/Microsoft.Compute/virtualMachines/vm1`],
  ['resources', (c) => c.resources.resourceGroups.get('rg'), `${rg}`],
  ['authorization', (c) => c.authorization.roleAssignments.get(rg.slice(1), 'ra1'), `${rg}/providers/Microsoft.Authorization/roleAssignments/ra1`],
  ['devTestLabs', (c) => c.devTestLabs.globalSchedules.get('rg', 'shutdown-computevm-vm1'), `${rg}/providers/Microsoft.DevTestLab/schedules/shutdown-computevm-vm1`],
  ['machineLearning', (c) => c.machineLearning.workspaces.get('rg', 'ws1'), `${rg}/providers/Microsoft.MachineLearningServices/workspaces/ws1`],
];

describe('createArmClients', () => {
  it('builds all ten clients', () => {
    const clients = createArmClients(connection());
    expect(Object.keys(clients).sort()).toEqual(calls.map(([name]) => name).sort());
  });

  it.each(calls)('%s sends its request to the configured endpoint with an ARM-scoped bearer token', async (_name, call, path) => {
    const scopes: string[] = [];
    const clients = createArmClients(connection({ credential: recordingCredential(scopes) }));
    await expect(call(clients)).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path.toLowerCase()).toBe(path.toLowerCase());
    expect(seen[0]?.headers.authorization).toBe('Bearer unit-token');
    expect(scopes).toEqual([ARM_SCOPE]);
  });

  it('uses the configured scope for sovereign clouds', async () => {
    const scopes: string[] = [];
    const scope = 'https://management.usgovcloudapi.net/.default';
    const clients = createArmClients(connection({ credential: recordingCredential(scopes), scope }));
    await expect(clients.machineLearning.workspaces.get('rg', 'ws1')).rejects.toMatchObject({ statusCode: 404 });
    await expect(clients.keyVault.vaults.get('rg', 'kv1')).rejects.toMatchObject({ statusCode: 404 });
    expect(scopes).toEqual([scope, scope]);
  });

  it('retries a 503 exactly maxRetries times', async () => {
    respondWith = { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'down' } } };
    const clients = createArmClients(connection({ retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } }));
    await expect(clients.network.virtualNetworks.get('rg', 'vnet')).rejects.toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
    expect(seen).toHaveLength(3);
    seen.length = 0;
    await expect(clients.machineLearning.workspaces.get('rg', 'ws1')).rejects.toMatchObject({ statusCode: 503 });
    expect(seen).toHaveLength(3);
  });

  it('retries once by default', async () => {
    respondWith = { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } };
    const clients = createArmClients(connection());
    await expect(clients.storage.storageAccounts.getProperties('rg', 'st1')).rejects.toMatchObject({ statusCode: 500 });
    expect(seen).toHaveLength(2);
  });

  it('adds the extra pipeline policies and the user-agent prefix to both generations', async () => {
    const observed: string[] = [];
    const clients = createArmClients(connection({
      userAgentPrefix: 'secureml-operator/0.0.0-test',
      additionalPolicies: [{
        position: 'perCall',
        policy: { name: 'observe', sendRequest: async (req, next) => { observed.push(req.method); return next(req); } },
      }],
    }));
    await expect(clients.compute.virtualMachines.get('rg', 'vm1')).rejects.toMatchObject({ statusCode: 404 });
    await expect(clients.devTestLabs.globalSchedules.get('rg', 'shutdown-computevm-vm1')).rejects.toMatchObject({ statusCode: 404 });
    expect(observed).toEqual(['GET', 'GET']);
    for (const request of seen) expect(request.headers['user-agent']).toContain('secureml-operator/0.0.0-test');
  });

  it('refuses a TLS server whose CA was not given', async () => {
    const clients = createArmClients({ subscriptionId: 'sub-1', endpoint, credential: recordingCredential([]), retry: { maxRetries: 0 } });
    await expect(clients.network.virtualNetworks.get('rg', 'vnet')).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('rejects an http endpoint and an empty subscription up front', () => {
    expect(() => createArmClients(connection({ endpoint: 'http://127.0.0.1:1' }))).toThrow(/must use https/);
    expect(() => createArmClients(connection({ subscriptionId: '' }))).toThrow(/subscriptionId/);
  });
});

describe('credentials from the environment', () => {
  it('uses DefaultAzureCredential unless the emulator credential is asked for', () => {
    expect(createCredential({})).toBeInstanceOf(DefaultAzureCredential);
    expect(createCredential({ AZURE_USE_EMULATOR_CREDENTIAL: 'false' })).toBeInstanceOf(DefaultAzureCredential);
  });

  it('refuses the emulator credential without an emulator endpoint', () => {
    expect(() => createCredential({ AZURE_USE_EMULATOR_CREDENTIAL: 'true' })).toThrow(/AZURE_ARM_ENDPOINT/);
    expect(() => createCredential({ AZURE_USE_EMULATOR_CREDENTIAL: 'true', AZURE_ARM_ENDPOINT: 'https://management.azure.com/' }))
      .toThrow(/not to Azure/);
    expect(() => createCredential({ AZURE_USE_EMULATOR_CREDENTIAL: 'yes' })).toThrow(/"true" or "false"/);
  });

  it('builds a connection whose clients reach the emulator endpoint with its CA', async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'clients-test-')), 'ca.pem');
    writeFileSync(caFile, caPem);
    const conn = armConnectionFromEnv({
      AZURE_SUBSCRIPTION_ID: 'sub-1',
      AZURE_ARM_ENDPOINT: endpoint,
      AZURE_ARM_CA_FILE: caFile,
      AZURE_USE_EMULATOR_CREDENTIAL: 'true',
    });
    expect(conn).toMatchObject({ subscriptionId: 'sub-1', endpoint, caPem, scope: ARM_SCOPE });
    await expect(createArmClients(conn).network.virtualNetworks.get('rg', 'vnet')).rejects.toMatchObject({ statusCode: 404 });
    expect(seen[0]?.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it('defaults to public ARM and names what is missing or unreadable', () => {
    expect(armConnectionFromEnv({ AZURE_SUBSCRIPTION_ID: 's' })).toMatchObject({ endpoint: 'https://management.azure.com' });
    expect(() => armConnectionFromEnv({})).toThrow(/AZURE_SUBSCRIPTION_ID/);
    expect(() => armConnectionFromEnv({ AZURE_SUBSCRIPTION_ID: 's', AZURE_ARM_CA_FILE: '/nonexistent/ca.pem' }))
      .toThrow(/AZURE_ARM_CA_FILE \/nonexistent\/ca.pem cannot be read/);
  });
});
