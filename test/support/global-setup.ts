/**
 * vitest globalSetup of the `integration` project: one real control plane (etcd + kube-apiserver) per test run,
 * with the product CRDs from crds/ applied the way a user applies them, and its admin kubeconfig handed to the
 * tests as inject('kubeconfig') (and KUBECONFIG_TEST for child processes they spawn).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startControlPlane } from '../../src/local/control-plane.ts';
import { runKubectl } from './kube.ts';
import type { KubectlResult } from './kube.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
  }
}

const CRD_DIR = fileURLToPath(new URL('../../crds/', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const controlPlane = await startControlPlane({ verbose: process.env.KUBE_ENV_VERBOSE === '1' });
  try {
    if (existsSync(CRD_DIR)) await applyCrds(controlPlane.kubeconfigPath);
  } catch (err) {
    await controlPlane.stop();
    throw err;
  }
  console.log(`control plane ready at ${controlPlane.host} in ${Date.now() - started} ms`);
  project.provide('kubeconfig', controlPlane.kubeconfigPath);
  process.env.KUBECONFIG_TEST = controlPlane.kubeconfigPath;
  return async () => {
    delete process.env.KUBECONFIG_TEST;
    await controlPlane.stop();
  };
}

async function applyCrds(kubeconfigPath: string): Promise<void> {
  // Every manifest but kustomization.yaml, which is Kustomize's index of the same files, not an object.
  const files = readdirSync(CRD_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !/^kustomization\./.test(f))
    .flatMap((f) => ['-f', join(CRD_DIR, f)]);
  if (files.length === 0) return;
  check(await runKubectl(kubeconfigPath, ['apply', '--server-side', ...files]), 'apply crds/');
  check(
    await runKubectl(kubeconfigPath, ['wait', '--for=condition=Established', '--timeout=60s', ...files]),
    'wait for the CRDs of crds/ to be Established',
  );
}

function check(result: KubectlResult, what: string): void {
  if (result.code !== 0) throw new Error(`kubectl could not ${what} (exit ${result.code}):\n${result.stderr}`);
}
