export { secureWorkspaceController } from './controller.ts';
export { SECURE_WORKSPACE_RESOURCE } from './reconciler.ts';
export type { SecureWorkspace } from './reconciler.ts';
export { planSecureWorkspace } from './plan.ts';
export type { PlanInput } from './plan.ts';
export { azureNames, identityHash } from './names.ts';
export type { AzureNames, WorkspaceIdentity } from './names.ts';
