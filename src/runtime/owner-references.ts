import type { KubeObject, OwnerReference } from './resource.ts';

/**
 * controllerutil.SetControllerReference: an object has at most one controller owner, in its own namespace.
 * Note the local control plane has no garbage collector; owner references matter on real clusters.
 */

export function ownerReferenceFor(owner: KubeObject, controller = true): OwnerReference {
  const { name, uid } = owner.metadata;
  if (!owner.apiVersion || !owner.kind || !name || !uid) {
    throw new Error('an owner needs apiVersion, kind, metadata.name and metadata.uid');
  }
  return { apiVersion: owner.apiVersion, kind: owner.kind, name, uid, controller, blockOwnerDeletion: true };
}

/** Returns a copy of `obj` whose ownerReferences name `owner` as the controller. */
export function setControllerReference<T extends KubeObject>(owner: KubeObject, obj: T): T {
  if (owner.metadata.namespace !== obj.metadata.namespace) {
    const ownerKey = `${owner.metadata.namespace}/${owner.metadata.name}`;
    throw new Error(`cross-namespace owner references are not allowed: ${ownerKey} cannot own an object in ${obj.metadata.namespace}`);
  }
  const ref = ownerReferenceFor(owner);
  const existing = obj.metadata.ownerReferences ?? [];
  const otherController = existing.find((r) => r.controller && r.uid !== ref.uid);
  if (otherController) {
    throw new Error(`${obj.metadata.name} is already controlled by ${otherController.kind} ${otherController.name}`);
  }
  const others = existing.filter((r) => r.uid !== ref.uid);
  return { ...obj, metadata: { ...obj.metadata, ownerReferences: [...others, ref] } };
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}
