// The admin password, read from the referenced Secret when reconciling (never cached by the operator). The value
// goes to the plan and from there to ARM only; the Secret's resourceVersion versions it, so a changed Secret is
// seen as a change without ever comparing or storing the value itself.
import { isNotFound, objectPath } from '../../runtime/index.ts';
import type { KubeHttp, KubeObject, ResourceKind } from '../../runtime/index.ts';

export const SECRET_RESOURCE: ResourceKind = { group: '', version: 'v1', plural: 'secrets' };

export interface SecretRef {
  readonly name: string;
  readonly key: string;
}

export type AdminPassword =
  | { readonly found: true; readonly value: string; readonly version: string }
  | { readonly found: false; readonly reason: 'SecretNotFound' | 'SecretKeyNotFound'; readonly message: string };

interface Secret extends KubeObject {
  data?: Record<string, string>;
}

export async function readAdminPassword(http: KubeHttp, namespace: string, ref: SecretRef, signal: AbortSignal): Promise<AdminPassword> {
  let secret: Secret;
  try {
    secret = await http.get<Secret>(objectPath(SECRET_RESOURCE, namespace, ref.name), { signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return { found: false, reason: 'SecretNotFound', message: `Secret '${ref.name}' (adminPasswordSecretRef) does not exist in namespace '${namespace}'` };
  }
  const encoded = secret.data?.[ref.key];
  const value = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8');
  if (value === '') {
    return { found: false, reason: 'SecretKeyNotFound', message: `Secret '${ref.name}' has no non-empty key '${ref.key}' (adminPasswordSecretRef.key)` };
  }
  return { found: true, value, version: secret.metadata.resourceVersion ?? '' };
}
