// Who owns what a JumpBox uses. Its VM, NIC and schedule carry the JumpBox's own stamp. The Bastion and its public
// IP belong to the VNet rather than to one jump box (Azure allows one Bastion per VNet), so every JumpBox on the
// VNet shares them under one stamp of their own: any of them creates them, and the last one to go deletes them. A
// Bastion someone else made (no stamp, or another stamp) is used as it is and never changed or deleted.
import type { AdapterSet } from '../../plan/index.ts';
import { MANAGED_BY_TAG, ownerTagValue, trackOwnership } from '../shared/ownership.ts';
import type { OwnershipTracker } from '../shared/ownership.ts';

/** The shared stamp: a value no `<namespace>/<name>` stamp can take (':' and capitals are not in object names). */
export const SHARED_BASTION_OWNER = 'secureml.io/JumpBox:bastion';

const SHARED_TYPES = new Set(['microsoft.network/bastionhosts', 'microsoft.network/publicipaddresses']);

export interface JumpBoxOwnership {
  readonly adapters: AdapterSet;
  /** Deletions skipped because the resource was not created by this JumpBox (or by JumpBoxes, for the Bastion). */
  retained(): ReadonlySet<string>;
}

export function jumpBoxOwnership(base: AdapterSet, namespace: string, name: string): JumpBoxOwnership {
  const own: OwnershipTracker = trackOwnership(base, ownerTagValue(namespace, name));
  const shared: OwnershipTracker = trackOwnership(base, SHARED_BASTION_OWNER);
  const pick = (key: string): OwnershipTracker => (SHARED_TYPES.has((key.split('@')[0] ?? key).toLowerCase()) ? shared : own);
  return {
    adapters: {
      resource: (key) => pick(key).adapters.resource(key),
      action: (key) => base.action(key),
      classifyError: (err) => base.classifyError(err),
    },
    retained: () => new Set([...own.retained(), ...shared.retained()]),
  };
}

/** A Bastion found in Azure that JumpBoxes did not create: it is referenced, not managed. */
export function isForeignBastion(observed: unknown): boolean {
  if (observed === undefined) return false;
  const tags = (observed as { tags?: Record<string, string> }).tags ?? {};
  return tags[MANAGED_BY_TAG] !== SHARED_BASTION_OWNER;
}

/** The part of a JumpBox's status that says which Bastion it relies on. */
export interface BastionUser {
  readonly metadata: { readonly namespace?: string; readonly name?: string; readonly deletionTimestamp?: string };
  readonly spec: { readonly bastion?: { readonly enabled?: boolean } };
  readonly status?: { readonly vmId?: string; readonly bastionName?: string };
}

/** `<resource group>/<bastion name>` in lower case: how two JumpBoxes tell that they share a Bastion. */
export function bastionKey(vmId: string | undefined, bastionName: string | undefined): string | undefined {
  if (vmId === undefined || bastionName === undefined) return undefined;
  const rg = /\/resourceGroups\/([^/]+)\//i.exec(vmId)?.[1];
  return rg === undefined ? undefined : `${rg}/${bastionName}`.toLowerCase();
}

/** Whether a JumpBox other than `self` (and not being deleted) still wants the Bastion `key`. */
export function bastionStillUsed(key: string, self: BastionUser, users: readonly BastionUser[]): boolean {
  return users.some(
    (u) =>
      !(u.metadata.namespace === self.metadata.namespace && u.metadata.name === self.metadata.name) &&
      u.metadata.deletionTimestamp === undefined &&
      u.spec.bastion?.enabled !== false &&
      bastionKey(u.status?.vmId, u.status?.bastionName) === key,
  );
}
