// POST .../workspaces/{ws}/provisionManagedNetwork (2024-04-01): provisions the managed VNet up front instead of at
// the first compute. Done when the workspace reports managedNetwork.status.status == 'Active'.
import { rgAndNames } from '../resource-id.ts';
import { postArmAction } from '../raw-action.ts';
import { defineActionAdapter, sdkOptions } from './define.ts';
import { MANAGED_NETWORK_API_VERSION } from './ml-workspace-managed.ts';

export interface ProvisionManagedNetworkParams {
  /** Also provision Spark jobs' network (serverless Spark); default false. */
  readonly includeSpark?: boolean;
}

export interface ProvisionManagedNetworkOutput {
  readonly status: string;
}

export const provisionManagedNetwork = defineActionAdapter<ProvisionManagedNetworkParams, ProvisionManagedNetworkOutput>({
  key: 'Microsoft.MachineLearningServices/workspaces/provisionManagedNetwork',
  noun: 'ManagedNetwork',
  build: (deps) => ({
    async check(id, _params, ctx) {
      rgAndNames(id, 'workspaces');
      const ws = await deps.clients.resources.resources.getById(id, MANAGED_NETWORK_API_VERSION, sdkOptions(deps, ctx));
      const network = ws.properties?.managedNetwork as { status?: { status?: string } } | undefined;
      const status = network?.status?.status ?? 'Inactive';
      return { done: status === 'Active', output: { status }, detail: `managed network ${status}` };
    },
    async run(id, params, ctx) {
      const url = `${deps.endpoint}${id}/provisionManagedNetwork?api-version=${MANAGED_NETWORK_API_VERSION}`;
      await postArmAction(deps.clients.resources.pipeline, url, { includeSpark: params.includeSpark ?? false }, sdkOptions(deps, ctx));
    },
  }),
});
