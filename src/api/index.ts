/** Public surface of the API package: identity constants, schemas, types and defaulting. */
export * from './constants.ts';
export { ConditionSchema, DELETION_POLICIES, STATUS_DEFAULT } from './common.ts';
export type { Condition, ConditionStatus, DeletionPolicy } from './common.ts';
export * from './secureworkspace.ts';
export * from './imagebuildcompute.ts';
export * from './jumpbox.ts';
export { OUTBOUND_RULE_TYPES } from './outbound-rules.ts';
export * from './defaults.ts';
