import type { OperationUrlStyle } from '../../engine/types.ts';

export const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';
export const COMPUTE_TYPE = `${WORKSPACE_TYPE}/computes`;
export const OUTBOUND_RULE_TYPE = `${WORKSPACE_TYPE}/outboundRules`;

/** api-versions of Microsoft.MachineLearningServices; 2022-10-01 is @azure/arm-machinelearning 2.1.1's. */
export const ML_API_VERSIONS = [
  '2021-07-01', '2022-05-01', '2022-10-01', '2023-04-01', '2023-04-01-preview', '2023-06-01-preview', '2023-08-01-preview',
  '2023-10-01', '2024-01-01-preview', '2024-04-01', '2024-04-01-preview', '2024-07-01-preview', '2024-10-01',
  '2024-10-01-preview', '2025-01-01-preview', '2025-04-01', '2025-06-01', '2025-09-01',
] as const;

/** Workspace managed networks (managedNetwork, outboundRules, provisionManagedNetwork) exist from 2023-06-01-preview. */
export const supportsManagedNetwork = (apiVersion: string): boolean => apiVersion.slice(0, 10) >= '2023-06-01';

export const MANAGED_NETWORK_API_VERSIONS = ML_API_VERSIONS.filter(supportsManagedNetwork);

/** Machine Learning answers PUT, PATCH, DELETE and actions with 202 + Location. */
export const ML_OPERATION_URLS: OperationUrlStyle = {
  namespace: 'Microsoft.MachineLearningServices',
  scope: 'location',
  statusSegment: 'mfeOperationsStatus',
  resultSegment: 'mfeOperationResults',
};

export const ML_PATTERNS = { put: 'location', patch: 'location', delete: 'location' } as const;
export const ML_STATES = { create: 'Creating', update: 'Updating', delete: 'Deleting' } as const;
