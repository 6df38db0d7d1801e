/**
 * Helpers for integration tests against the run's shared control plane (started by global-setup.ts).
 * Tests that disrupt the apiserver (restartApiServer) start a control plane of their own instead, so that other
 * test files running in parallel never see the shared one go away.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';

/** The system kubectl, v1.32 like the apiserver; KUBECTL overrides it (e.g. on a developer machine). */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Admin KubeConfig of the shared control plane. */
export function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(inject('kubeconfig'));
  return kc;
}

/**
 * Creates a namespace with a unique name starting with `prefix`. Nothing deletes it: without a
 * kube-controller-manager a deleted namespace would stay Terminating forever, and the control plane is
 * thrown away after the run anyway.
 */
export async function createTestNamespace(prefix: string): Promise<string> {
  const stem = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'test';
  const name = `${stem}-${randomBytes(4).toString('hex')}`;
  await kubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name, labels: { 'secureml.io/test': 'true' } } } });
  return name;
}

/** Runs kubectl against the shared control plane; never throws on a non-zero exit, the caller asserts on it. */
export function kubectl(args: readonly string[], input?: string): Promise<KubectlResult> {
  return runKubectl(inject('kubeconfig'), args, input);
}

export function runKubectl(kubeconfigPath: string, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfigPath, ...args],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err !== null && typeof err.code !== 'number') {
          reject(new Error(`${KUBECTL} ${args.join(' ')}: ${err.message}`)); // not started, killed or timed out
          return;
        }
        resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
