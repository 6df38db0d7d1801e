/** Resource identity and the minimal object shape the runtime relies on. */

/** A namespaced resource type. `group` is '' for the core API (e.g. Secrets). */
export interface ResourceKind {
  group: string;
  version: string;
  plural: string;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface KubeList<T extends KubeObject> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** What a reconciler is asked to converge: only the key; the object is read fresh. */
export interface Request {
  namespace: string;
  name: string;
}

export function apiVersionOf(kind: ResourceKind): string {
  return kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
}

export function kindId(kind: ResourceKind): string {
  return kind.group === '' ? `${kind.plural}.${kind.version}` : `${kind.plural}.${kind.version}.${kind.group}`;
}

/** Collection path, in one namespace or (namespace undefined) across all namespaces. */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const base = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const ns = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${base}${ns}/${kind.plural}`;
}

export function objectPath(kind: ResourceKind, namespace: string, name: string, subresource?: string): string {
  const path = `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
  return subresource === undefined ? path : `${path}/${subresource}`;
}

/** Cache and queue key: `namespace/name`. */
export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function requestKey(req: Request): string {
  return `${req.namespace}/${req.name}`;
}

export function parseKey(key: string): Request {
  const slash = key.indexOf('/');
  if (slash < 0) throw new Error(`invalid object key ${JSON.stringify(key)} (expected namespace/name)`);
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
