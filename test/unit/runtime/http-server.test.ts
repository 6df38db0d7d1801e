import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServers, splitAddress } from '../../../src/runtime/http-server.ts';
import type { HttpEndpoints } from '../../../src/runtime/http-server.ts';
import { createLogger } from '../../../src/runtime/logger.ts';
import { recordArmRequest } from '../../../src/runtime/metrics.ts';
import { WorkQueue } from '../../../src/runtime/workqueue.ts';

const log = createLogger('silent');
let endpoints: HttpEndpoints | undefined;
afterEach(async () => {
  await endpoints?.close();
  endpoints = undefined;
});

describe('metrics and probe endpoints', () => {
  it('serves probes with per-check lines and status codes', async () => {
    let synced = false;
    endpoints = await startHttpServers(
      { metricsAddress: '0', healthAddress: '127.0.0.1:0' },
      { liveness: [{ name: 'watches', run: () => undefined }], readiness: [{ name: 'caches', run: () => (synced ? undefined : 'not synced yet: x') }] },
      log,
    );
    expect(endpoints.metricsPort).toBeUndefined();
    const base = `http://127.0.0.1:${endpoints.healthPort}`;
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toBe('[+]watches ok\nok\n');
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(500);
    expect(await notReady.text()).toContain('[-]caches failed: not synced yet: x');
    synced = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it('exposes controller-runtime and Azure request metrics on /metrics', async () => {
    endpoints = await startHttpServers({ metricsAddress: '127.0.0.1:0', healthAddress: '0' }, { liveness: [], readiness: [] }, log);
    const queue = new WorkQueue({ name: 'metrics-test' });
    queue.add('ns/a');
    recordArmRequest({ resourceType: 'Microsoft.Network/virtualNetworks', method: 'put', statusCode: 201, durationSeconds: 0.3 });
    const text = await (await fetch(`http://127.0.0.1:${endpoints.metricsPort}/metrics`)).text();
    expect(text).toContain('workqueue_depth{name="metrics-test",controller="metrics-test"} 1');
    expect(text).toContain('workqueue_adds_total{name="metrics-test",controller="metrics-test"} 1');
    expect(text).toContain('secureml_azure_requests_total{resource_type="Microsoft.Network/virtualNetworks",method="PUT",code="201"} 1');
    expect(text).toMatch(/secureml_azure_request_duration_seconds_bucket\{le="0.5",resource_type="Microsoft.Network\/virtualNetworks",method="PUT"\} 1/);
    for (const name of [
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_errors_total',
      'controller_runtime_terminal_reconcile_errors_total',
      'controller_runtime_reconcile_time_seconds',
      'workqueue_retries_total',
      'workqueue_queue_duration_seconds',
      'workqueue_work_duration_seconds',
      'leader_election_master_status',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('serves everything on one listener when both addresses are equal', async () => {
    endpoints = await startHttpServers({ metricsAddress: '127.0.0.1:0', healthAddress: '127.0.0.1:0' }, { liveness: [], readiness: [] }, log);
    expect(endpoints.metricsPort).toBe(endpoints.healthPort);
    for (const path of ['/metrics', '/healthz', '/readyz']) {
      expect((await fetch(`http://127.0.0.1:${endpoints.healthPort}${path}`)).status).toBe(200);
    }
    expect(splitAddress(':8080')).toEqual({ host: undefined, port: 8080 });
    expect(splitAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
  });
});
