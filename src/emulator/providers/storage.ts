import { randomBytes } from 'node:crypto';
import { badRequest, conflict } from '../engine/errors.ts';
import { idKey, nameOf } from '../engine/ids.ts';
import { asObject, propertiesOf } from '../engine/render.ts';
import type { TypeDef } from '../engine/types.ts';
import { privateEndpointConnections } from './network/private-link-targets.ts';

const STORAGE_TYPE = 'Microsoft.Storage/storageAccounts';

/** api-versions of Microsoft.Storage; 2026-09-01 is @azure/arm-storage 21's default. */
export const STORAGE_API_VERSIONS = [
  '2021-09-01', '2022-05-01', '2022-09-01', '2023-01-01', '2023-04-01', '2023-05-01', '2024-01-01', '2025-01-01',
  '2025-06-01', '2025-08-01', '2026-04-01', '2026-06-01', '2026-09-01',
] as const;

const SERVICES = ['blob', 'queue', 'table', 'file', 'dfs', 'web'] as const;

/**
 * Storage: create is 202 + `Location` only (the result URL answers 202, then 200 with the account); a PUT on an
 * existing account, PATCH and DELETE are synchronous. Names are 3–24 lower-case letters/digits, globally unique.
 */
export const storageAccounts: TypeDef = {
  type: STORAGE_TYPE,
  apiVersions: STORAGE_API_VERSIONS,
  patterns: { put: 'location', update: 'sync', delete: 'sync', patch: 'sync' },
  operationUrls: { namespace: 'Microsoft.Storage', scope: 'location', statusSegment: 'operations', resultSegment: 'asyncoperations', query: 'monitor=true' },
  location: 'required',
  states: { create: 'Creating', update: 'Succeeded', delete: 'Deleting' },
  prepare(w) {
    const name = nameOf(w.id);
    if (!/^[a-z0-9]{3,24}$/.test(name)) {
      throw badRequest(
        'AccountNameInvalid',
        `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
      );
    }
    const taken = w.world.store.ofType(STORAGE_TYPE).find((a) => nameOf(a.id).toLowerCase() === name && idKey(a.id) !== idKey(w.id));
    if (taken) throw conflict('StorageAccountAlreadyTaken', `The storage account named ${name} is already taken.`);
    const body = w.resource.body;
    body['sku'] ??= { name: 'Standard_LRS', tier: 'Standard' };
    const sku = asObject(body['sku'])!;
    sku['tier'] ??= String(sku['name']).startsWith('Premium') ? 'Premium' : 'Standard';
    body['kind'] ??= 'StorageV2';
    const props = propertiesOf(body);
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    props['primaryEndpoints'] = Object.fromEntries(
      SERVICES.map((s) => [s, `https://${name}.${s === 'web' ? 'z13.web' : s}.core.windows.net/`]),
    );
    props['primaryLocation'] = body['location'];
    props['statusOfPrimary'] = 'available';
    props['creationTime'] = before['creationTime'] ?? new Date(w.world.now()).toISOString();
    props['minimumTlsVersion'] ??= 'TLS1_2';
    props['allowBlobPublicAccess'] ??= false;
    props['supportsHttpsTrafficOnly'] ??= true;
    props['publicNetworkAccess'] ??= 'Enabled';
    props['networkAcls'] ??= { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' };
    props['encryption'] ??= {
      services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
      keySource: 'Microsoft.Storage',
    };
    if (body['kind'] === 'StorageV2' || body['kind'] === 'BlobStorage') props['accessTier'] ??= 'Hot';
    w.resource.internal['keys'] ??= [randomBytes(64).toString('base64'), randomBytes(64).toString('base64')];
  },
  render(body, r, world) {
    propertiesOf(body)['privateEndpointConnections'] = privateEndpointConnections(world, r);
  },
  actions: {
    listKeys: {
      method: 'POST',
      pattern: 'sync',
      begin: (a) => ({
        keys: (a.resource.internal['keys'] as string[]).map((value, i) => ({
          keyName: `key${i + 1}`,
          value,
          permissions: 'FULL',
          creationTime: propertiesOf(a.resource.body)['creationTime'],
        })),
      }),
    },
  },
};
