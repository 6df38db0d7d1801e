// Who created an Azure resource, recorded on the resource itself: the operator stamps a tag naming the owning
// object on everything it creates, and deletes only what carries its stamp. That keeps the promise "never delete
// what we did not create" across restarts, re-created objects and bring-your-own resources, with no state of our
// own: an existing resource with the expected name is adopted (managed, never stamped, never deleted), and an
// existing resource group is only used.
import { AdapterError } from '../../azure/index.ts';
import type { AdapterSet, CallContext, ResourceAdapter } from '../../plan/index.ts';

/** Azure tag names cannot contain '/', so not 'secureml.io/managed-by'. The value is `<namespace>/<name>`. */
export const MANAGED_BY_TAG = 'secureml.io_managed-by';

/** Azure caps tag values at 256 characters. */
const MAX_TAG_VALUE = 256;

/** Types without tags: they live inside a parent the operator owns (or not) and follow its fate. */
const UNTAGGED_TYPES = new Set(
  [
    'Microsoft.Network/virtualNetworks/subnets',
    'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    'Microsoft.Network/privateDnsZones/A',
    'Microsoft.Authorization/roleAssignments',
    'Microsoft.MachineLearningServices/workspaces/imageBuildCompute',
  ].map((t) => t.toLowerCase()),
);

const RESOURCE_GROUP_TYPE = 'microsoft.resources/resourcegroups';

export function ownerTagValue(namespace: string, name: string): string {
  return `${namespace}/${name}`.slice(0, MAX_TAG_VALUE);
}

/** How the operator stands to a resource it observed. */
export type Stewardship = 'created' | 'adopted' | 'foreign';

export interface OwnershipTracker {
  /** The adapters to give the executor: every resource adapter wrapped by the ownership rules. */
  readonly adapters: AdapterSet;
  /** Resources seen in this run that the operator manages without having created them (lower-cased ids). */
  adopted(): ReadonlySet<string>;
  /** Deletions skipped in this run because the resource was not created by this object (lower-cased ids). */
  retained(): ReadonlySet<string>;
}

type Tags = Record<string, string>;

function tagsOf(value: unknown): Tags {
  const tags = (value as { tags?: unknown } | undefined)?.tags;
  return typeof tags === 'object' && tags !== null ? (tags as Tags) : {};
}

/**
 * Wraps `base` so that, for taggable types:
 * - put stamps MANAGED_BY_TAG = owner on create and keeps it on update; tags set by others are kept (merged);
 * - an existing resource group without the stamp is never written (diff empty): it is only used;
 * - a resource stamped by another object is refused (terminal NameConflict) instead of being taken over;
 * - delete of a resource without the owner's stamp is skipped and reported in `retained()`.
 * The executor observes (get) right before every write or delete, so the wrapper judges from that observation.
 */
export function trackOwnership(base: AdapterSet, owner: string): OwnershipTracker {
  /** Lower-cased id → the stamp found on the resource when last observed (undefined: none). */
  const stamps = new Map<string, string | undefined>();
  const adopted = new Set<string>();
  const retained = new Set<string>();
  const wrapped = new Map<string, ResourceAdapter>();

  const judge = (id: string, observed: unknown): Stewardship => {
    const key = id.toLowerCase();
    const stamp = tagsOf(observed)[MANAGED_BY_TAG];
    stamps.set(key, stamp);
    if (stamp === undefined) adopted.add(key);
    else adopted.delete(key);
    return stamp === owner ? 'created' : stamp === undefined ? 'adopted' : 'foreign';
  };

  const conflict = (id: string) =>
    new AdapterError(
      'NameConflict',
      `${id} already exists and belongs to SecureML object '${stamps.get(id.toLowerCase()) ?? '?'}' (tag ${MANAGED_BY_TAG}); ` +
        'use another namePrefix or resource group',
    );

  const wrap = (key: string, inner: ResourceAdapter): ResourceAdapter => {
    const type = (key.split('@')[0] ?? key).toLowerCase();
    if (UNTAGGED_TYPES.has(type)) return inner;
    return {
      async get(id: string, ctx: CallContext) {
        const observed = await inner.get(id, ctx);
        if (observed === undefined) stamps.delete(id.toLowerCase());
        else judge(id, observed);
        return observed;
      },
      async put(id, spec, observed, ctx) {
        const verdict = observed === undefined ? 'created' : judge(id, observed);
        if (verdict === 'foreign') throw conflict(id);
        const tags: Tags = { ...tagsOf(observed), ...tagsOf(spec) };
        if (verdict === 'created') tags[MANAGED_BY_TAG] = owner;
        const written = await inner.put(id, { ...(spec as object), tags }, observed, ctx);
        judge(id, written);
        return written;
      },
      async delete(id, ctx) {
        const key = id.toLowerCase();
        if (stamps.get(key) !== owner) {
          retained.add(key);
          return;
        }
        await inner.delete(id, ctx);
        stamps.delete(key);
      },
      diff(spec, observed, id) {
        const verdict = judge(id, observed);
        // A non-empty diff makes the executor call put, which refuses with a clear message.
        if (verdict === 'foreign') return [`tags.${MANAGED_BY_TAG}`];
        if (verdict === 'adopted' && type === RESOURCE_GROUP_TYPE) return [];
        return inner.diff(spec, observed, id);
      },
      provisioningState: (observed) => inner.provisioningState(observed),
      output: (observed, id) => inner.output(observed, id),
    };
  };

  return {
    adapters: {
      resource(key) {
        const inner = base.resource(key);
        if (!inner) return undefined;
        let adapter = wrapped.get(key);
        if (!adapter) wrapped.set(key, (adapter = wrap(key, inner)));
        return adapter;
      },
      action: (key) => base.action(key),
      classifyError: (err) => base.classifyError(err),
    },
    adopted: () => adopted,
    retained: () => retained,
  };
}
