/**
 * The local control plane is a real Kubernetes 1.32 apiserver: the API features the operator relies on behave
 * as on a cluster, and the harness can restart the apiserver without losing data.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  ApiextensionsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/local/control-plane.ts';
import type { ControlPlane } from '../../src/local/control-plane.ts';
import { createTestNamespace, kubeConfig, kubectl, runKubectl } from '../support/kube.ts';

const GROUP = 'kube-env.test.secureml.io';
const VERSION = 'v1';
const PLURAL = 'widgets';
const CEL_MESSAGE = 'minReplicas must not exceed replicas';

// A throwaway CRD, not a product one: this file tests the apiserver, not the operator's API.
const widgetCrd: V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${PLURAL}.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: PLURAL, singular: 'widget', listKind: 'WidgetList' },
    versions: [
      {
        name: VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { replicas: { type: 'integer' }, minReplicas: { type: 'integer' } },
                x_kubernetes_validations: [{ rule: 'self.minReplicas <= self.replicas', message: CEL_MESSAGE }],
              },
              status: { type: 'object', properties: { observedReplicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

function widget(name: string, replicas: number, minReplicas: number): object {
  return { apiVersion: `${GROUP}/${VERSION}`, kind: 'Widget', metadata: { name }, spec: { replicas, minReplicas } };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function rejection(promise: Promise<unknown>): Promise<ApiException<unknown>> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiException)) throw new Error(`expected an ApiException, got ${String(err)}`);
  return err;
}

describe('shared control plane', () => {
  let kc: KubeConfig;
  let namespace: string;

  beforeAll(async () => {
    kc = kubeConfig();
    namespace = await createTestNamespace('control-plane');
  });

  it('is ready', async () => {
    const result = await kubectl(['get', '--raw', '/readyz?verbose']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('readyz check passed');
  });

  it('serves Kubernetes v1.32 to kubectl 1.32', async () => {
    const result = await kubectl(['version', '--output=json']);
    expect(result.code, result.stderr).toBe(0);
    const version = JSON.parse(result.stdout) as { serverVersion: { gitVersion: string; major: string; minor: string } };
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.32\.\d+$/);
    expect(version.serverVersion).toMatchObject({ major: '1', minor: '32' });
  });

  describe('with a CRD carrying a CEL rule and a status subresource', () => {
    const objects = () => kc.makeApiClient(CustomObjectsApi);

    beforeAll(async () => {
      const crds = kc.makeApiClient(ApiextensionsV1Api);
      await crds.createCustomResourceDefinition({ body: widgetCrd });
      await eventually('the Widget CRD to be Established', async () => {
        const crd = await crds.readCustomResourceDefinition({ name: `${PLURAL}.${GROUP}` });
        return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
      });
    });

    it('rejects an object that violates the rule, with the rule message', async () => {
      const err = await rejection(
        objects().createNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: PLURAL,
          body: widget('too-small', 1, 3),
        }),
      );
      expect(err.code).toBe(422);
      expect(JSON.stringify(err.body)).toContain(CEL_MESSAGE);
    });

    it('keeps status apart from spec through the status subresource', async () => {
      const ref = { group: GROUP, version: VERSION, namespace, plural: PLURAL, name: 'sized' };
      await objects().createNamespacedCustomObject({ ...ref, body: widget('sized', 3, 1) });

      await objects().patchNamespacedCustomObjectStatus(
        { ...ref, body: { status: { observedReplicas: 3 }, spec: { replicas: 99 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      // Writes to the main resource ignore status.
      await objects().patchNamespacedCustomObject(
        { ...ref, body: { status: { observedReplicas: 42 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );

      const stored = (await objects().getNamespacedCustomObject(ref)) as {
        metadata: { generation: number };
        spec: { replicas: number };
        status: { observedReplicas: number };
      };
      expect(stored.status.observedReplicas).toBe(3);
      expect(stored.spec.replicas).toBe(3); // the spec in the /status patch was ignored
      expect(stored.metadata.generation).toBe(1); // status writes do not bump the generation
    });
  });

  it('creates and renews a Lease with optimistic concurrency', async () => {
    const leases = kc.makeApiClient(CoordinationV1Api);
    const created = await leases.createNamespacedLease({
      namespace,
      body: { metadata: { name: 'leader' }, spec: { holderIdentity: 'replica-a', leaseDurationSeconds: 15 } },
    });
    // MicroTime needs six fractional digits, but client-node 2.0.1 serialises a Date with three and the apiserver
    // answers 400; so times travel as strings in a JSON merge patch, guarded by the resourceVersion it carries.
    const renew = (resourceVersion: string | undefined, holderIdentity: string) =>
      leases.patchNamespacedLease(
        {
          name: 'leader',
          namespace,
          body: { metadata: { resourceVersion }, spec: { holderIdentity, renewTime: '2030-01-01T00:00:00.123456Z' } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );

    const renewed = await renew(created.metadata?.resourceVersion, 'replica-a');
    // Typed as Date, but client-node 2.0.1 hands MicroTime back as the raw string: compare instants.
    expect(new Date(renewed.spec?.renewTime ?? 0).getTime()).toBe(Date.parse('2030-01-01T00:00:00.123Z'));
    expect(renewed.metadata?.resourceVersion).not.toBe(created.metadata?.resourceVersion);

    // A second contender still holding the first version loses: leader election depends on this conflict.
    const err = await rejection(renew(created.metadata?.resourceVersion, 'replica-b'));
    expect(err.code).toBe(409);
  });

  it('streams ADDED, MODIFIED and DELETED to a watch', async () => {
    const seen: string[] = [];
    const abort = await new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      {},
      (type, obj: { metadata?: { name?: string } }) => {
        if (obj.metadata?.name === 'watched') seen.push(type);
      },
      () => undefined,
    );
    try {
      const core = kc.makeApiClient(CoreV1Api);
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'watched' }, data: { a: '1' } } });
      await core.replaceNamespacedConfigMap({
        name: 'watched',
        namespace,
        body: { metadata: { name: 'watched' }, data: { a: '2' } },
      });
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace });
      await eventually('three watch events', async () => (seen.length >= 3 ? true : undefined));
      expect(seen).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    } finally {
      abort.abort();
    }
  });
});

describe('a control plane of its own', () => {
  let controlPlane: ControlPlane;
  let kc: KubeConfig;

  beforeAll(async () => {
    controlPlane = await startControlPlane({ outDir: mkdtempSync(join(tmpdir(), 'control-plane-test-')) });
    kc = new KubeConfig();
    kc.loadFromFile(controlPlane.kubeconfigPath);
  });

  afterAll(async () => {
    await controlPlane.stop();
  });

  it('keeps its data and its address across an apiserver restart', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'survivor' }, data: { kept: 'yes' } },
    });
    const startedBefore = await apiServerStartTime(controlPlane.kubeconfigPath);

    await controlPlane.restartApiServer();

    // A new apiserver process answers, at the same address, from the same etcd.
    expect(await apiServerStartTime(controlPlane.kubeconfigPath)).toBeGreaterThan(startedBefore);
    expect(kc.getCurrentCluster()?.server).toBe(controlPlane.host);
    const survivor = await core.readNamespacedConfigMap({ name: 'survivor', namespace: 'default' });
    expect(survivor.data).toEqual({ kept: 'yes' });
  });

  it('releases its port and its kubeconfig when stopped', async () => {
    const port = Number(new URL(controlPlane.host).port);
    expect(await acceptsConnections(port)).toBe(true);
    await controlPlane.stop();
    expect(existsSync(controlPlane.kubeconfigPath)).toBe(false);
    expect(await acceptsConnections(port)).toBe(false);
    await controlPlane.stop(); // idempotent
  });
});

async function apiServerStartTime(kubeconfigPath: string): Promise<number> {
  const result = await runKubectl(kubeconfigPath, ['get', '--raw', '/metrics']);
  expect(result.code, result.stderr).toBe(0);
  const match = /^process_start_time_seconds (\S+)$/m.exec(result.stdout);
  if (match?.[1] === undefined) throw new Error('no process_start_time_seconds in the apiserver metrics');
  return Number(match[1]);
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startControlPlane failures', () => {
  it('reports a bad option with the launcher message', async () => {
    await expect(startControlPlane({ crdDir: '/nonexistent/crds' })).rejects.toThrow(
      /kube-env exited \(code 2\)[\s\S]*--crd-dir \/nonexistent\/crds: not a directory/,
    );
  });
});
