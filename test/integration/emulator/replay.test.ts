// Real ARM traffic, replayed: each fixture in test/fixtures/arm-recordings is a trimmed recording from the Azure
// SDK repositories (source path inside). The emulator must answer the same request sequence with the same status
// codes, the same contract headers and bodies of the same shape. Realistic latency (scaled down) so operations
// are observably in progress, and Retry-After on, as in the recordings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { compareExchange, loadRecording, replay } from './replay.ts';

const RECORDINGS = [
  'network-vnet-create',
  'network-vnet-delete',
  'privatedns-zone-create',
  'privatedns-zone-delete',
  'storage-account-create',
  'keyvault-vault-create',
];

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ latency: 'realistic', timeScale: 0.05, retryAfterSeconds: 1 });
});
afterAll(() => h?.stop());

describe('replay of recorded ARM traffic', () => {
  it.each(RECORDINGS)('%s', async (name) => {
    const recording = loadRecording(name);
    const rg = await createResourceGroup(h, 'replay');
    for (const setup of recording.setup ?? []) await replay(h, loadRecording(setup), rg);

    const replayed = await replay(h, recording, rg);
    const problems = replayed.flatMap((exchange, i) => compareExchange(i, exchange));
    expect(problems, `differences from ${recording.source.repo}/${recording.source.path}`).toEqual([]);
  });
});
