import type { TypeDef } from '../engine/types.ts';
import { networkTypes } from './network/index.ts';
import { privateDnsTypes } from './private-dns/index.ts';
import { resourceGroups } from './resources.ts';

/** Every resource type the emulator serves. */
export const ALL_TYPES: readonly TypeDef[] = [resourceGroups, ...networkTypes, ...privateDnsTypes];
