import type { TypeDef } from '../../engine/types.ts';
import { computes } from './computes.ts';
import { outboundRules } from './outbound-rules.ts';
import { workspaces } from './workspaces.ts';

export const machineLearningTypes: readonly TypeDef[] = [workspaces, computes, outboundRules];
