// The secret-get-only install (docs/deployment.md): RBAC grants Secrets `get` only and WATCH_SECRETS=false. The
// operator then must make no list/watch on Secrets (one refused list would keep every controller waiting for its
// cache, for good) and still read a JumpBox's password Secret with `get` when reconciling.
import { readFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import type { V1PolicyRule } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createTestNamespace, kubeConfig } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { Objects, ofType, TUTORIAL_NETWORK } from '../imagebuildcompute/objects.ts';

const USER = 'secureml-operator-get-only';

let ns: string;
let t: TestOperator;
let restricted: KubeConfig;
let k: Objects;

/** The packaged operator ClusterRole's rules, with Secrets narrowed to `get` as the component does. */
function getOnlyRules(): V1PolicyRule[] {
  const docs = parseAllDocuments(readFileSync(new URL('../../../config/rbac/role.yaml', import.meta.url), 'utf8'));
  const roles = docs.map((d) => d.toJS() as { kind: string; metadata: { name: string }; rules: V1PolicyRule[] });
  const operator = roles.find((r) => r.kind === 'ClusterRole' && r.metadata.name === 'secureml-operator');
  if (!operator) throw new Error('config/rbac/role.yaml has no ClusterRole secureml-operator');
  return [...operator.rules, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];
}

/** The admin's connection, acting as `user` (impersonation): the apiserver authorizes every call as that user. */
function impersonating(user: string): KubeConfig {
  const admin = kubeConfig();
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: admin.clusters,
    users: admin.users.map((u) => ({ ...u, impersonateUser: user })),
    contexts: admin.contexts,
    currentContext: admin.currentContext,
  });
  return kc;
}

beforeAll(async () => {
  ns = await createTestNamespace('jumpbox-get-only');
  const rbac = kubeConfig().makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'operator' }, rules: getOnlyRules() } });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'operator' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'operator' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER }],
    },
  });
  restricted = impersonating(USER);
  k = new Objects(kubeConfig(), ns);
  await k.putSecret('box-admin', { password: 'First-Passw0rd!' });
  t = await startTestOperator({ namespace: ns, kubeConfig: restricted, config: { watchSecrets: false } });
});

afterAll(async () => t?.stop());

describe('Secrets get only, WATCH_SECRETS=false', () => {
  it('runs as an identity that may get a Secret but not list or watch Secrets', async () => {
    const core = restricted.makeApiClient(CoreV1Api);
    await expect(core.readNamespacedSecret({ name: 'box-admin', namespace: ns })).resolves.toBeDefined();
    await expect(core.listNamespacedSecret({ namespace: ns })).rejects.toMatchObject({ code: 403 });
    await expect(core.listNamespacedSecret({ namespace: ns, watch: true, timeoutSeconds: 1 })).rejects.toMatchObject({ code: 403 });
  });

  it('starts its controllers and makes a JumpBox Ready with the password read by get', async () => {
    await k.create('SecureWorkspace', 'ws', { location: 'eastus', resourceGroup: 'rg-get-only', namePrefix: 'mlgetonly', network: TUTORIAL_NETWORK });
    await k.create('JumpBox', 'box', { workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'box-admin' } });
    await k.waitForCondition('JumpBox', 'box', 'Ready');
    expect(ofType(t.emulator, 'Microsoft.Compute/virtualMachines')).toHaveLength(1);
  });
});
