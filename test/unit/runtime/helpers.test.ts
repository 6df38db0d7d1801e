import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backoffDelay, jittered } from '../../../src/runtime/backoff.ts';
import { createLogger } from '../../../src/runtime/logger.ts';
import { enqueueOwner } from '../../../src/runtime/mappers.ts';
import { controllerOf, setControllerReference } from '../../../src/runtime/owner-references.ts';
import { collectionPath, objectPath, parseKey } from '../../../src/runtime/resource.ts';
import { jsonEqual } from '../../../src/runtime/status-writer.ts';
import type { KubeObject } from '../../../src/runtime/resource.ts';

const owner: KubeObject = {
  apiVersion: 'secureml.io/v1alpha1',
  kind: 'JumpBox',
  metadata: { namespace: 'ns', name: 'jb', uid: 'uid-1' },
};

describe('owner references', () => {
  it('sets one controller reference, idempotently, without mutating the input', () => {
    const secret: KubeObject = { metadata: { namespace: 'ns', name: 's' } };
    const once = setControllerReference(owner, secret);
    const twice = setControllerReference(owner, once);
    expect(twice.metadata.ownerReferences).toEqual([
      { apiVersion: 'secureml.io/v1alpha1', kind: 'JumpBox', name: 'jb', uid: 'uid-1', controller: true, blockOwnerDeletion: true },
    ]);
    expect(secret.metadata.ownerReferences).toBeUndefined();
    expect(controllerOf(twice)?.name).toBe('jb');
    expect(enqueueOwner('JumpBox')(twice)).toEqual([{ namespace: 'ns', name: 'jb' }]);
    expect(enqueueOwner('SecureWorkspace')(twice)).toEqual([]);
  });

  it('refuses a second controller and cross-namespace owners', () => {
    const other = { ...owner, metadata: { ...owner.metadata, name: 'other', uid: 'uid-2' } };
    const owned = setControllerReference(owner, { metadata: { namespace: 'ns', name: 's' } });
    expect(() => setControllerReference(other, owned)).toThrow(/already controlled by JumpBox jb/);
    expect(() => setControllerReference(owner, { metadata: { namespace: 'elsewhere', name: 's' } })).toThrow(/cross-namespace/);
  });
});

describe('jsonEqual', () => {
  it('ignores key order and undefined members, not array order or values', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2], d: undefined } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ c: [1, 2] }, { c: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual({}, { a: null })).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles from the base, caps, and never overflows', () => {
    const opts = { baseMs: 5, maxMs: 1_000_000, jitter: 0 };
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, opts))).toEqual([5, 10, 20, 40]);
    expect(backoffDelay(30, opts)).toBe(1_000_000);
    expect(backoffDelay(5000, opts)).toBe(1_000_000);
  });

  it('jitter stays within its bounds', () => {
    expect(backoffDelay(0, { baseMs: 100, maxMs: 100, jitter: 0.1, random: () => 0.999 })).toBeGreaterThan(90);
    expect(jittered(1000, 0.1, () => 0)).toBe(900);
    expect(jittered(1000, 0.1, () => 1)).toBe(1100);
  });
});

describe('resource paths and keys', () => {
  it('builds core and group paths, namespaced and cluster-wide', () => {
    const secrets = { group: '', version: 'v1', plural: 'secrets' };
    const jumpboxes = { group: 'secureml.io', version: 'v1alpha1', plural: 'jumpboxes' };
    expect(collectionPath(secrets, 'ns')).toBe('/api/v1/namespaces/ns/secrets');
    expect(collectionPath(jumpboxes)).toBe('/apis/secureml.io/v1alpha1/jumpboxes');
    expect(objectPath(jumpboxes, 'ns', 'jb', 'status')).toBe('/apis/secureml.io/v1alpha1/namespaces/ns/jumpboxes/jb/status');
    expect(parseKey('ns/name')).toEqual({ namespace: 'ns', name: 'name' });
    expect(() => parseKey('nokey')).toThrow(/namespace\/name/);
  });
});

describe('logger', () => {
  it('writes JSON lines and redacts secret-bearing fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      { spec: { adminPassword: 'hunter2', adminUsername: 'azureuser' }, headers: { authorization: 'Bearer abc' }, secret: { data: { p: 'c2VjcmV0' } } },
      'creating jump box',
    );
    log.debug('hidden at info level');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'creating jump box', spec: { adminPassword: '[REDACTED]', adminUsername: 'azureuser' } });
    expect(entry.headers.authorization).toBe('[REDACTED]');
    expect(entry.secret.data).toBe('[REDACTED]');
    expect(lines[0]).not.toMatch(/hunter2|Bearer abc|c2VjcmV0/);
  });
});
