import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { KubeApiError, KubeHttp, NotLeaderError, isConflict, isGone, isNotFound } from '../../../src/runtime/kube-http.ts';

function unreachableConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('KubeHttp write guard', () => {
  it('refuses writes before touching the network, and lets reads through', async () => {
    let leading = false;
    const http = new KubeHttp(unreachableConfig(), {
      writeGuard: () => {
        if (!leading) throw new NotLeaderError();
      },
    });
    try {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        await expect(http.json(method, '/api/v1/namespaces/ns/configmaps', { body: {} })).rejects.toBeInstanceOf(NotLeaderError);
      }
      // Reads go to the (unreachable) server: a network error, not a refusal.
      await expect(http.get('/api/v1/namespaces')).rejects.not.toBeInstanceOf(NotLeaderError);
      leading = true;
      await expect(http.json('POST', '/api/v1/namespaces', { body: {} })).rejects.not.toBeInstanceOf(NotLeaderError);
    } finally {
      await http.close();
    }
  });
});

describe('KubeApiError', () => {
  it('carries the status code and the Kubernetes Status reason', () => {
    const err = new KubeApiError('GET', '/x', 410, { kind: 'Status', reason: 'Expired', message: 'too old resource version: 1 (5)' });
    expect(err.message).toBe('GET /x: 410 Expired too old resource version: 1 (5)');
    expect(err.reason).toBe('Expired');
    expect(isGone(err)).toBe(true);
    expect(isNotFound(err)).toBe(false);
    expect(isConflict(new KubeApiError('PUT', '/x', 409, 'conflict'))).toBe(true);
    expect(isNotFound(new Error('404'))).toBe(false);
  });
});
