// config/ against the real kube-apiserver: the install applies (server-side dry run, with admission), the pod meets
// the namespace's "restricted" Pod Security level, and the operator's RBAC grants exactly what it uses.
// The CRDs are already installed by test/support/global-setup.ts, as CR-typed objects would need.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubectl } from '../../support/kube.ts';
import type { KubectlResult } from '../../support/kube.ts';
import { OPERATOR_ACCOUNT, OPERATOR_NAMESPACE, REPO, installNamespaceAndRbac, succeed } from './install.ts';

const NAMESPACE = OPERATOR_NAMESPACE;
const OPERATOR = `system:serviceaccount:${NAMESPACE}:${OPERATOR_ACCOUNT}`;

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { template?: { metadata: Record<string, unknown>; spec: PodSpec } };
}
interface PodSpec {
  containers: { name: string; securityContext: Record<string, unknown> }[];
}

async function render(dir: string): Promise<Manifest[]> {
  const { stdout } = await succeed(['kustomize', join(REPO, dir)]);
  return parseAllDocuments(stdout).map((d) => d.toJS() as Manifest);
}

// Namespaced objects in a server-side dry run need their namespace to exist for real; `kubectl auth can-i --as`
// needs the RBAC objects for real.
beforeAll(installNamespaceAndRbac);

describe('kubectl apply -k', () => {
  it.each(['config/default', 'config/overlays/example'])(
    '%s passes a server-side dry run without warnings',
    async (dir) => {
      const result = await succeed(['apply', '-k', join(REPO, dir), '--server-side', '--dry-run=server']);
      expect(result.stdout).toContain('deployment.apps/secureml-operator serverside-applied (server dry run)');
      expect(result.stdout).toContain('customresourcedefinition.apiextensions.k8s.io/secureworkspaces.secureml.io');
      // Pod Security "warn" on the namespace reports a Deployment template that "restricted" would refuse.
      expect(result.stderr).not.toMatch(/warning/i);
    },
  );
});

describe('Pod Security', () => {
  let pod: Record<string, unknown>;

  beforeAll(async () => {
    const deployment = (await render('config/default')).find((m) => m.kind === 'Deployment')!;
    const template = deployment.spec!.template!;
    pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...template.metadata, name: 'secureml-operator-psa-check', namespace: NAMESPACE },
      spec: template.spec,
    };
  });

  it('admits the operator pod in the restricted namespace', async () => {
    await succeed(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
  });

  it('refuses a weaker pod there (so the check above is real)', async () => {
    const spec = pod.spec as PodSpec;
    const weaker = {
      ...pod,
      spec: {
        ...spec,
        containers: spec.containers.map((c) => ({
          ...c,
          securityContext: { ...c.securityContext, allowPrivilegeEscalation: true },
        })),
      },
    };
    const result = await kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(weaker));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('violates PodSecurity "restricted:latest"');
  });
});

// [verb, resource, namespace or 'all', extra flags]
type Check = [string, string, string, ...string[]];

const allowed: Check[] = [
  ['watch', 'secureworkspaces.secureml.io', 'all'],
  ['list', 'imagebuildcomputes.secureml.io', 'all'],
  ['get', 'jumpboxes.secureml.io', 'team-a'],
  ['patch', 'secureworkspaces.secureml.io', 'team-a'],
  ['update', 'jumpboxes.secureml.io', 'team-a'],
  ['patch', 'secureworkspaces.secureml.io', 'team-a', '--subresource=status'],
  ['update', 'imagebuildcomputes.secureml.io', 'team-a', '--subresource=status'],
  ['update', 'jumpboxes.secureml.io', 'team-a', '--subresource=finalizers'],
  ['create', 'events.events.k8s.io', 'team-a'],
  ['patch', 'events.events.k8s.io', 'team-a'],
  ['get', 'secrets', 'team-a'],
  ['watch', 'secrets', 'all'],
  ['get', 'leases.coordination.k8s.io', NAMESPACE],
  ['create', 'leases.coordination.k8s.io', NAMESPACE],
  ['update', 'leases.coordination.k8s.io', NAMESPACE],
];

const denied: Check[] = [
  ['delete', 'secrets', 'team-a'],
  ['create', 'secrets', 'team-a'],
  ['update', 'secrets', 'team-a'],
  ['create', 'pods', 'team-a'],
  ['create', 'pods', NAMESPACE],
  ['patch', 'deployments.apps', NAMESPACE],
  ['update', 'leases.coordination.k8s.io', 'kube-system'],
  ['create', 'leases.coordination.k8s.io', 'team-a'],
  ['delete', 'leases.coordination.k8s.io', NAMESPACE],
  ['list', 'leases.coordination.k8s.io', NAMESPACE],
  ['create', 'secureworkspaces.secureml.io', 'team-a'],
  ['delete', 'secureworkspaces.secureml.io', 'team-a'],
  ['create', 'events', 'team-a'],
  ['delete', 'events.events.k8s.io', 'team-a'],
  ['escalate', 'clusterroles.rbac.authorization.k8s.io', 'all'],
  ['bind', 'clusterroles.rbac.authorization.k8s.io', 'all'],
  ['create', 'clusterrolebindings.rbac.authorization.k8s.io', 'all'],
  ['create', 'rolebindings.rbac.authorization.k8s.io', NAMESPACE],
  ['impersonate', 'serviceaccounts', 'all'],
  ['create', 'serviceaccounts/token', NAMESPACE],
];

async function canI([verb, resource, namespace, ...flags]: Check): Promise<KubectlResult> {
  const scope = namespace === 'all' ? ['--all-namespaces'] : ['-n', namespace];
  return kubectl(['auth', 'can-i', verb, resource, ...scope, ...flags, `--as=${OPERATOR}`]);
}

describe('operator RBAC', () => {
  const named = (checks: Check[]): [string, Check][] => checks.map((c) => [c.join(' '), c]);

  it.each(named(allowed))('may %s', async (_name, check) => {
    const result = await canI(check);
    expect(result.stdout.trim(), result.stderr).toBe('yes');
  });

  it.each(named(denied))('may not %s', async (_name, check) => {
    const result = await canI(check);
    expect(result.stdout.trim(), result.stderr).toBe('no');
    expect(result.code).toBe(1);
  });

  it('holds no other permission than the ones listed above', async () => {
    // The full rule list in a user namespace and in its own; self-reviews and discovery come from the built-in
    // system:basic-user / system:discovery / system:public-info-viewer bindings every account has.
    const builtIn = /^(selfsubject\w*reviews\.[\w.]+|\[\/[^\]]*\])$/;
    const expected = new Map([
      ['secureworkspaces.secureml.io', 'get list watch patch update'],
      ['imagebuildcomputes.secureml.io', 'get list watch patch update'],
      ['jumpboxes.secureml.io', 'get list watch patch update'],
      ['secureworkspaces.secureml.io/status', 'get patch update'],
      ['imagebuildcomputes.secureml.io/status', 'get patch update'],
      ['jumpboxes.secureml.io/status', 'get patch update'],
      ['secureworkspaces.secureml.io/finalizers', 'update'],
      ['imagebuildcomputes.secureml.io/finalizers', 'update'],
      ['jumpboxes.secureml.io/finalizers', 'update'],
      ['events.events.k8s.io', 'create patch'],
      ['secrets', 'get list watch'],
    ]);
    for (const namespace of ['team-a', NAMESPACE]) {
      const { stdout } = await succeed(['auth', 'can-i', '--list', '-n', namespace, `--as=${OPERATOR}`]);
      const rules = new Map<string, string>();
      for (const line of stdout.trim().split('\n').slice(1)) {
        const [resource, ...rest] = line.trim().split(/\s{2,}/);
        if (resource === undefined || builtIn.test(resource)) continue;
        const verbs = rest.at(-1)!.replace(/^\[|\]$/g, '').split(' ');
        rules.set(resource, [...(rules.get(resource)?.split(' ') ?? []), ...verbs].join(' '));
      }
      const want = new Map(expected);
      if (namespace === NAMESPACE) want.set('leases.coordination.k8s.io', 'get create update');
      const sorted = (m: Map<string, string>): [string, string][] =>
        [...m].map(([r, v]): [string, string] => [r, v.split(' ').sort().join(' ')]).sort();
      expect(sorted(rules), namespace).toEqual(sorted(want));
    }
  });
});
