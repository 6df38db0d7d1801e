// The controllers the operator runs, in registration order. Each entry adds its controller (and the watches it
// needs) to the manager; src/operator.ts calls them all before starting the manager.
import { imageBuildComputeController } from './imagebuildcompute/index.ts';
import { jumpBoxController } from './jumpbox/index.ts';
import { secureWorkspaceController } from './secureworkspace/index.ts';
import type { ControllerRegistration } from './shared/deps.ts';

export type { AzureContext, ControllerDeps, ControllerRegistration, ExecutorTuning } from './shared/deps.ts';

export const CONTROLLERS: readonly ControllerRegistration[] = [secureWorkspaceController, imageBuildComputeController, jumpBoxController];
