// How the operator authenticates to ARM and where it connects, from environment variables:
//
//   AZURE_SUBSCRIPTION_ID          required: the subscription every resource lives in.
//   AZURE_ARM_ENDPOINT             ARM base URL; default https://management.azure.com (sovereign clouds or the
//                                  local emulator override it). Must be https.
//   AZURE_ARM_SCOPE                token audience; default https://management.azure.com/.default.
//   AZURE_ARM_CA_FILE              PEM file of an extra CA for the ARM endpoint (the emulator's self-signed CA).
//                                  NODE_EXTRA_CA_CERTS works too, process-wide, without this variable.
//   AZURE_USE_EMULATOR_CREDENTIAL  "true": send a fixed bearer token, which only the emulator accepts.
//
// Otherwise the credential is DefaultAzureCredential, which reads its own variables from process.env: on AKS the
// workload identity webhook injects AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and
// AZURE_AUTHORITY_HOST; elsewhere environment credentials (AZURE_CLIENT_SECRET, ...), managed identity or the
// Azure CLI apply. AZURE_TOKEN_CREDENTIALS=WorkloadIdentityCredential pins one and fails fast when misconfigured.
import { readFileSync } from 'node:fs';
import { DefaultAzureCredential } from '@azure/identity';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { ARM_SCOPE, DEFAULT_ARM_ENDPOINT } from './clients.ts';
import type { ArmConnection } from './clients.ts';

export type Env = Readonly<Record<string, string | undefined>>;

const EMULATOR_TOKEN_LIFETIME_MS = 24 * 3600_000;

/** A fixed bearer token: the emulator checks that one is present, never what it says. */
export function emulatorCredential(): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({
      token: 'emulator-token',
      expiresOnTimestamp: Date.now() + EMULATOR_TOKEN_LIFETIME_MS,
      tokenType: 'Bearer',
    }),
  };
}

/** Where a local ARM emulator answers: its endpoint, its self-signed CA and its subscription. */
export interface EmulatorEndpoint {
  readonly subscriptionId: string;
  readonly endpoint: string;
  readonly caPem: string;
}

/** The connection for a running emulator (local mode, tests, benchmark); `extra` adds retry, policies, user agent. */
export function emulatorConnection(emu: EmulatorEndpoint, extra: Partial<ArmConnection> = {}): ArmConnection {
  return { subscriptionId: emu.subscriptionId, endpoint: emu.endpoint, caPem: emu.caPem, credential: emulatorCredential(), ...extra };
}

function flag(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`${name} must be "true" or "false", got "${env[name]}"`);
}

export function createCredential(env: Env = process.env): TokenCredential {
  if (!flag(env, 'AZURE_USE_EMULATOR_CREDENTIAL')) return new DefaultAzureCredential();
  const endpoint = env['AZURE_ARM_ENDPOINT']?.trim();
  // A fake token sent to real Azure would only produce confusing 401s; refuse the combination up front.
  if (!endpoint || endpoint.replace(/\/+$/, '').toLowerCase() === DEFAULT_ARM_ENDPOINT) {
    throw new Error('AZURE_USE_EMULATOR_CREDENTIAL=true needs AZURE_ARM_ENDPOINT set to the emulator, not to Azure');
  }
  return emulatorCredential();
}

/** The whole ARM connection from the environment; the caller adds retry options and pipeline policies. */
export function armConnectionFromEnv(env: Env = process.env): ArmConnection {
  const subscriptionId = env['AZURE_SUBSCRIPTION_ID']?.trim();
  if (!subscriptionId) throw new Error('AZURE_SUBSCRIPTION_ID is required');
  const endpoint = env['AZURE_ARM_ENDPOINT']?.trim() || DEFAULT_ARM_ENDPOINT;
  const caFile = env['AZURE_ARM_CA_FILE']?.trim();
  let caPem: string | undefined;
  if (caFile) {
    try {
      caPem = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new Error(`AZURE_ARM_CA_FILE ${caFile} cannot be read: ${(err as Error).message}`, { cause: err });
    }
  }
  return {
    subscriptionId,
    endpoint,
    credential: createCredential(env),
    scope: env['AZURE_ARM_SCOPE']?.trim() || ARM_SCOPE,
    ...(caPem === undefined ? {} : { caPem }),
  };
}
