// One place that builds every @azure/arm-* client the operator uses, all pointed at the same ARM endpoint.
//
// Two SDK generations are mixed here (see /work/shared/reference/azure-arm-and-sdk.md §0–§1):
// - modular (TypeSpec) clients read token scopes from `credentials.scopes`;
// - HLC (AutoRest) clients (authorization, devtestlabs, machinelearning) read them from `credentialScopes`.
// Both default their scope to `${endpoint}/.default`, which is wrong for a local emulator or a custom endpoint,
// so the ARM scope is always passed explicitly.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { DevTestLabsClient } from '@azure/arm-devtestlabs';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { NetworkManagementClient } from '@azure/arm-network';
import type { NetworkManagementClientOptionalParams } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { StorageManagementClient } from '@azure/arm-storage';
import type { TokenCredential } from '@azure/identity';

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
/** The token audience of ARM in the public cloud; the emulator accepts any bearer token. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** A policy added to every client's pipeline (e.g. request metrics). Same type in both SDK generations. */
export type ArmPipelinePolicy = NonNullable<NetworkManagementClientOptionalParams['additionalPolicies']>[number];

export interface ArmRetryOptions {
  /** SDK-level retries per request; the operator prefers few and requeues instead. */
  maxRetries: number;
  /** Base of the SDK's exponential backoff (default 1000 ms); tests shorten it. */
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

export interface ArmConnection {
  subscriptionId: string;
  /** Base URL of ARM; default https://management.azure.com. Must be https: the SDK refuses bearer tokens over http. */
  endpoint?: string;
  /** Extra trusted CA (PEM) for a local emulator. It replaces the default roots for these clients' TLS agents. */
  caPem?: string;
  credential: TokenCredential;
  /** Default `{ maxRetries: 1 }`. */
  retry?: ArmRetryOptions;
  additionalPolicies?: ArmPipelinePolicy[];
  /** Prepended to the SDK user agent, e.g. `secureml-operator/0.1.0`. */
  userAgentPrefix?: string;
  /** Token audience; default ARM_SCOPE. Sovereign clouds set theirs (e.g. https://management.usgovcloudapi.net/.default). */
  scope?: string;
}

export interface ArmClients {
  network: NetworkManagementClient;
  privateDns: PrivateDnsManagementClient;
  storage: StorageManagementClient;
  keyVault: KeyVaultManagementClient;
  registry: ContainerRegistryManagementClient;
  compute: ComputeManagementClient;
  resources: ResourceManagementClient;
  authorization: AuthorizationManagementClient;
  devTestLabs: DevTestLabsClient;
  /** arm-machinelearning 2.1.1, api-version 2022-10-01; newer properties go through `resources.*ById`. */
  machineLearning: AzureMachineLearningWorkspaces;
}

const DEFAULT_RETRY: ArmRetryOptions = { maxRetries: 1 };

/** Options understood by both generations (core-rest-pipeline PipelineOptions), minus the scope setting. */
function commonOptions(conn: ArmConnection) {
  return {
    endpoint: (conn.endpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, ''),
    retryOptions: { ...(conn.retry ?? DEFAULT_RETRY) },
    additionalPolicies: conn.additionalPolicies ?? [],
    ...(conn.caPem === undefined ? {} : { tlsOptions: { ca: conn.caPem } }),
    ...(conn.userAgentPrefix === undefined ? {} : { userAgentOptions: { userAgentPrefix: conn.userAgentPrefix } }),
  };
}

export function createArmClients(conn: ArmConnection): ArmClients {
  if (conn.subscriptionId === '') throw new Error('ArmConnection.subscriptionId is empty');
  const common = commonOptions(conn);
  if (!common.endpoint.toLowerCase().startsWith('https://')) {
    throw new Error(`ARM endpoint must use https (the Azure SDK refuses bearer tokens over http): ${common.endpoint}`);
  }
  const scope = conn.scope ?? ARM_SCOPE;
  const modular = { ...common, credentials: { scopes: [scope] } };
  const hlc = { ...common, credentialScopes: [scope] };
  const { credential: cred, subscriptionId: sub } = conn;
  return {
    network: new NetworkManagementClient(cred, sub, modular),
    privateDns: new PrivateDnsManagementClient(cred, sub, modular),
    storage: new StorageManagementClient(cred, sub, modular),
    keyVault: new KeyVaultManagementClient(cred, sub, modular),
    registry: new ContainerRegistryManagementClient(cred, sub, modular),
    compute: new ComputeManagementClient(cred, sub, modular),
    resources: new ResourceManagementClient(cred, sub, modular),
    authorization: new AuthorizationManagementClient(cred, sub, hlc),
    devTestLabs: new DevTestLabsClient(cred, sub, hlc),
    machineLearning: new AzureMachineLearningWorkspaces(cred, sub, hlc),
  };
}
