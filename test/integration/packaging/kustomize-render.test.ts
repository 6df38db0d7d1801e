// What `kubectl kustomize` (kustomize v5.5 in kubectl 1.32) makes of config/: the objects the operator needs and no
// more, wired to each other (selectors, ports, generated ConfigMap), and the overlay and components as documented
// in docs/deployment.md and docs/gitops.md.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KUBECTL } from '../../support/kube.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const NAMESPACE = 'secureml-system';

// Loose shapes: the assertions below say which fields matter.
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
}

// Rendering needs no apiserver; kubectl's exit status and stderr reach the test as the rejection.
async function render(dir: string): Promise<Manifest[]> {
  const { stdout } = await promisify(execFile)(KUBECTL, ['kustomize', dir], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((d) => d.toJS() as Manifest);
}

function one(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);

describe('config/default', async () => {
  const manifests = await render(join(repo, 'config/default'));
  const deployment = one(manifests, 'Deployment', 'secureml-operator');
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];

  it('holds the operator install and nothing else', () => {
    const ids = manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    expect(ids.map((id) => id.replace(/^ConfigMap\/secureml-operator-config-[a-z0-9]+$/, 'ConfigMap/config'))).toEqual(
      [
        'ClusterRole/secureml-editor',
        'ClusterRole/secureml-operator',
        'ClusterRole/secureml-operator-secrets',
        'ClusterRole/secureml-viewer',
        'ClusterRoleBinding/secureml-operator',
        'ClusterRoleBinding/secureml-operator-secrets',
        'ConfigMap/config',
        'CustomResourceDefinition/imagebuildcomputes.secureml.io',
        'CustomResourceDefinition/jumpboxes.secureml.io',
        'CustomResourceDefinition/secureworkspaces.secureml.io',
        'Deployment/secureml-operator',
        'Namespace/secureml-system',
        'PodDisruptionBudget/secureml-operator',
        'Role/secureml-operator-leader-election',
        'RoleBinding/secureml-operator-leader-election',
        'Service/secureml-operator-metrics',
        'ServiceAccount/secureml-operator',
      ].sort(),
    );
  });

  it('puts every namespaced object in secureml-system', () => {
    for (const m of manifests.filter((m) => !CLUSTER_SCOPED.has(m.kind))) {
      expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).toBe(NAMESPACE);
    }
  });

  it('runs two replicas spread over nodes and zones, surging before stopping one', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    const keys = pod.spec.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey);
    expect(keys).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const t of pod.spec.topologySpreadConstraints) {
      expect(t.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
  });

  it('hardens the pod and container', () => {
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
  });

  it('uses workload identity through the service account it runs as', () => {
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    const sa = one(manifests, 'ServiceAccount', pod.spec.serviceAccountName);
    expect(sa.metadata.annotations?.['azure.workload.identity/client-id']).toMatch(/^[0-9a-f-]{36}$/);
    const config = one(manifests, 'ConfigMap');
    expect(container.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
    expect(config.data?.['AZURE_TOKEN_CREDENTIALS']).toBe('WorkloadIdentityCredential');
  });

  it('binds metrics and probes to the ports it declares, and the Service targets metrics', () => {
    const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    const ports = Object.fromEntries(container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]));
    expect(ports).toEqual({ metrics: 8080, health: 8081 });
    expect(env['METRICS_BIND_ADDRESS']).toBe(':8080');
    expect(env['HEALTH_PROBE_BIND_ADDRESS']).toBe(':8081');
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    const service = one(manifests, 'Service', 'secureml-operator-metrics');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 8080, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(pod.metadata.labels).toMatchObject(service.spec.selector);
  });

  it('lets a drain take one replica at a time', () => {
    const pdb = one(manifests, 'PodDisruptionBudget');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });
});

describe('config/overlays/example', async () => {
  const manifests = await render(join(repo, 'config/overlays/example'));

  it('sets the image, merges the subscription into the config and sets the identity client ID', () => {
    const container = one(manifests, 'Deployment').spec.template.spec.containers[0];
    expect(container.image).toBe('myregistry.azurecr.io/secure-aml-operator:0.1.0');
    const config = one(manifests, 'ConfigMap');
    expect(container.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
    expect(config.data).toEqual({
      AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000000',
      AZURE_TOKEN_CREDENTIALS: 'WorkloadIdentityCredential',
    });
    const sa = one(manifests, 'ServiceAccount');
    expect(sa.metadata.annotations?.['azure.workload.identity/client-id']).toBe('11111111-1111-1111-1111-111111111111');
  });
});

// A throwaway kustomization in a temp folder, as a user's overlay would be; kustomize wants relative paths.
async function withKustomization<T>(build: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'secureml-kustomize-'));
  try {
    return await build(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('config/components/secret-get-only', () => {
  it('leaves the operator get on Secrets and nothing else there, and turns its Secret watch off', async () => {
    const manifests = await withKustomization(async (dir) => {
      const rel = (p: string): string => relative(dir, join(repo, p));
      // With the example overlay's own merge into the same ConfigMap: both sets of values must survive.
      await writeFile(
        join(dir, 'kustomization.yaml'),
        `resources:\n  - ${rel('config/overlays/example')}\ncomponents:\n  - ${rel('config/components/secret-get-only')}\n`,
      );
      return render(dir);
    });
    const role = one(manifests, 'ClusterRole', 'secureml-operator-secrets') as Manifest & { rules: unknown };
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    const config = one(manifests, 'ConfigMap');
    expect(config.data).toMatchObject({ WATCH_SECRETS: 'false', AZURE_SUBSCRIPTION_ID: expect.any(String), AZURE_TOKEN_CREDENTIALS: 'WorkloadIdentityCredential' });
    const container = one(manifests, 'Deployment', 'secureml-operator').spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
  });
});

describe('config/argocd component', () => {
  it('adds the health checks to an existing argocd-cm in any namespace and keeps its other keys', async () => {
    await withKustomization(async (dir) => {
      await writeFile(
        join(dir, 'argocd-cm.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  namespace: gitops\ndata:\n  url: https://argo.example\n',
      );
      await writeFile(
        join(dir, 'kustomization.yaml'),
        `resources:\n  - argocd-cm.yaml\ncomponents:\n  - ${relative(dir, join(repo, 'config/argocd'))}\n`,
      );
      const cm = one(await render(dir), 'ConfigMap', 'argocd-cm');
      const lua = await readFile(join(repo, 'config/argocd/health.lua'), 'utf8');
      expect(cm.metadata.namespace).toBe('gitops');
      expect(cm.data).toEqual({
        url: 'https://argo.example',
        'resource.customizations.health.secureml.io_SecureWorkspace': lua,
        'resource.customizations.health.secureml.io_ImageBuildCompute': lua,
        'resource.customizations.health.secureml.io_JumpBox': lua,
      });
    });
  });
});
