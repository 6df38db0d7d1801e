import type { TypeDef } from '../../engine/types.ts';
import { privateDnsZones, recordSetTypes, virtualNetworkLinks } from './zones.ts';

export const privateDnsTypes: readonly TypeDef[] = [privateDnsZones, virtualNetworkLinks, ...recordSetTypes];
