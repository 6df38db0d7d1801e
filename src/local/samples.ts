// The tutorial's manifests from config/samples, applied the way a user applies them (server-side apply), into
// the default namespace. The JumpBox's Secret ships with a placeholder password; local mode puts a random one in
// its place rather than teach anyone to apply the placeholder.
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KINDS } from '../api/index.ts';
import type { KindName } from '../api/index.ts';
import { KubeHttp, objectPath } from '../runtime/index.ts';
import type { KubeObject, ResourceKind } from '../runtime/index.ts';
import type { KubeConfig } from '@kubernetes/client-node';
import { SECRETS, WATCHED_KINDS } from './kinds.ts';
import { LOCAL_PATHS } from './paths.ts';

export const SAMPLE_NAMESPACE = 'default';

/** In apply order: the Secret before the JumpBox that refers to it. */
export const SAMPLE_FILES = [
  'secureworkspace-customer-managed.yaml',
  'imagebuildcompute.yaml',
  'jumpbox-admin-secret.yaml',
  'jumpbox.yaml',
] as const;

const FIELD_MANAGER = 'secureml-local';

export interface AppliedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
}

function resourceOf(obj: KubeObject, file: string): ResourceKind {
  if (obj.kind === 'Secret') return SECRETS;
  const watched = WATCHED_KINDS.find((k) => k.kind === obj.kind);
  if (!watched) throw new Error(`${file}: unexpected kind ${String(obj.kind)} in a local sample`);
  return watched.resource;
}

/**
 * Azure's rule for VM admin passwords: 12-123 characters with three of lower case, upper case, digit and special.
 * This one has all four.
 */
export function generateAdminPassword(): string {
  const specials = '!@#%^*-_=+';
  return `${randomBytes(12).toString('base64url')}aZ${randomInt(10)}${specials[randomInt(specials.length)]}`;
}

export function loadSamples(dir: string = LOCAL_PATHS.samples): Array<{ file: string; object: KubeObject }> {
  return SAMPLE_FILES.map((file) => {
    const object = parse(readFileSync(join(dir, file), 'utf8')) as KubeObject;
    if (object.kind === 'Secret') object['stringData'] = { password: generateAdminPassword() };
    object.metadata = { ...object.metadata, namespace: SAMPLE_NAMESPACE };
    return { file, object };
  });
}

export async function applySamples(kubeConfig: KubeConfig): Promise<AppliedObject[]> {
  const http = new KubeHttp(kubeConfig);
  const applied: AppliedObject[] = [];
  try {
    for (const { file, object } of loadSamples()) {
      const name = object.metadata.name ?? '';
      await http.json('PATCH', objectPath(resourceOf(object, file), SAMPLE_NAMESPACE, name), {
        body: object,
        patchType: 'apply',
        query: { fieldManager: FIELD_MANAGER, force: true },
      });
      applied.push({ kind: String(object.kind), namespace: SAMPLE_NAMESPACE, name, file });
    }
  } finally {
    await http.close();
  }
  return applied;
}

/** The applied objects the operator reconciles (the Secret is only read). */
export function isWatchedKind(kind: string): kind is KindName {
  return Object.hasOwn(KINDS, kind);
}
