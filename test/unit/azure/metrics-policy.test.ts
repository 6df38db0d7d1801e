import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { createArmMetricsPolicy, resourceTypeOfUrl } from '../../../src/azure/metrics-policy.ts';
import type { ArmRequestMetric } from '../../../src/azure/metrics-policy.ts';

const BASE = 'https://management.azure.com/subscriptions/s/resourceGroups/rg';

describe('resourceTypeOfUrl', () => {
  it.each([
    [`${BASE}/providers/Microsoft.Network/virtualNetworks/v/subnets/x?api-version=1`, 'Microsoft.Network/virtualNetworks/subnets'],
    [`${BASE}/providers/Microsoft.Network/privateEndpoints/pe/providers/Microsoft.Authorization/roleAssignments/g`, 'Microsoft.Authorization/roleAssignments'],
    [`${BASE}?api-version=1`, 'Microsoft.Resources/resourceGroups'],
    [`${BASE}/providers/Microsoft.Storage/storageAccounts`, 'Microsoft.Storage/storageAccounts'],
    ['https://127.0.0.1:8443/_emulator/operations/1', 'other'],
    ['not a url', 'other'],
  ])('%s → %s', (url, type) => expect(resourceTypeOfUrl(url)).toBe(type));
});

describe('createArmMetricsPolicy', () => {
  const url = `${BASE}/providers/Microsoft.Network/virtualNetworks/v?api-version=1`;

  it('reports type, method, status and duration of each call, and returns the response untouched', async () => {
    const seen: ArmRequestMetric[] = [];
    const { policy, position } = createArmMetricsPolicy((m) => seen.push(m));
    const request = createPipelineRequest({ url, method: 'PUT' });
    const response = { request, status: 201, headers: createHttpHeaders() };
    expect(await policy.sendRequest(request, async () => response)).toBe(response);
    expect(position).toBe('perCall');
    expect(seen).toEqual([{ resourceType: 'Microsoft.Network/virtualNetworks', method: 'PUT', statusCode: 201, durationSeconds: expect.any(Number) }]);
  });

  it('reports failures (status of a RestError, 0 without a response) and rethrows them', async () => {
    const seen: ArmRequestMetric[] = [];
    const { policy } = createArmMetricsPolicy((m) => seen.push(m));
    const request = createPipelineRequest({ url, method: 'GET' });
    const throttled = new RestError('slow down', { statusCode: 429 });
    await expect(policy.sendRequest(request, () => Promise.reject(throttled))).rejects.toBe(throttled);
    await expect(policy.sendRequest(request, () => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    expect(seen.map((m) => m.statusCode)).toEqual([429, 0]);
  });

  it('never fails a call because the recorder throws', async () => {
    const { policy } = createArmMetricsPolicy(() => {
      throw new Error('registry broken');
    });
    const request = createPipelineRequest({ url, method: 'GET' });
    const response = { request, status: 200, headers: createHttpHeaders() };
    await expect(policy.sendRequest(request, async () => response)).resolves.toBe(response);
  });
});
