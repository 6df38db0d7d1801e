import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestNamespace, kubectl } from '../../support/kube.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'config', 'samples');
const listed = (parse(readFileSync(join(SAMPLES, 'kustomization.yaml'), 'utf8')) as { resources: string[] }).resources;

let namespace: string;
beforeAll(async () => {
  namespace = await createTestNamespace('api-samples');
});

describe('config/samples', () => {
  it('lists every sample in kustomization.yaml', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...listed].sort()).toEqual(files.sort());
  });

  it.each(listed)('%s applies with kubectl apply --server-side', async (file) => {
    const result = await kubectl(['apply', '--server-side', '-n', namespace, '-f', join(SAMPLES, file)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('applies as a kustomization, unchanged (idempotent)', async () => {
    const result = await kubectl(['apply', '--server-side', '-n', namespace, '-k', SAMPLES]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').every((line) => line.endsWith('serverside-applied'))).toBe(true);
  });

  it('are all listed by the secureml category', async () => {
    const result = await kubectl(['get', 'secureml', '-n', namespace, '-o', 'name']);
    expect(result.stdout.trim().split('\n').sort()).toEqual([
      'imagebuildcompute.secureml.io/ml-secure-imagebuild',
      'jumpbox.secureml.io/ml-secure-jumpbox',
      'secureworkspace.secureml.io/ml-managed',
      'secureworkspace.secureml.io/ml-secure',
    ]);
  });
});

describe('printer columns', () => {
  it.each([
    ['secureworkspaces', ['NAME', 'READY', 'REASON', 'PROGRESS', 'MODE', 'AGE', 'MESSAGE'], 'ml-secure', 'CustomerManaged'],
    ['imagebuildcomputes', ['NAME', 'READY', 'REASON', 'WORKSPACE', 'COMPUTE', 'AGE', 'MESSAGE'], 'ml-secure-imagebuild', 'ml-secure'],
    ['jumpboxes', ['NAME', 'READY', 'REASON', 'IP', 'POWER', 'AGE', 'MESSAGE'], 'ml-secure-jumpbox', ''],
  ])('kubectl get %s -o wide shows %j', async (plural, headers, name, specColumn) => {
    const result = await kubectl(['get', plural, name, '-n', namespace, '-o', 'wide']);
    const [header, row] = result.stdout.trim().split('\n');
    expect(header?.split(/\s+/)).toEqual(headers);
    expect(row?.startsWith(name)).toBe(true);
    expect(row).toContain(specColumn);
  });
});

describe('kubectl explain', () => {
  it.each([
    ['secureworkspace.spec.network.addressSpace', 'Never 172.17.0.0/16'],
    ['imagebuildcompute.spec.vmSize', 'CPU sizes only'],
    ['jumpbox.spec.adminPasswordSecretRef', 'there is no inline password field'],
  ])('%s shows the schema description', async (path, fragment) => {
    const result = await kubectl(['explain', path]);
    expect(result.stderr).toBe('');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(fragment);
  });
});
