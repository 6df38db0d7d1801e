// The operator's waits, scaled like the emulator's durations. Production intervals are sized for Azure's
// minutes-long operations; with Azure sped up by the time scale, unscaled polls would dominate the demo and
// make the timeline lie. Floors keep a tiny or zero scale from turning polls into a busy loop.
import type { ExecutorTuning } from '../controllers/index.ts';
import { DEFAULT_RETRY, DEFAULT_SETTLE } from '../plan/retry.ts';

/** The SDK's own LRO poll interval when ARM sends no Retry-After. */
const SDK_POLL_INTERVAL_MS = 2_000;
/** The controllers' first requeue delay while they wait on Azure (src/controllers). */
const REQUEUE_BASE_MS = 5_000;

export interface LocalTuning {
  executor: ExecutorTuning;
  pollIntervalMs: number;
}

const scaled = (ms: number, timeScale: number, floorMs: number): number => Math.max(floorMs, Math.round(ms * timeScale));

export function tuningFor(timeScale: number): LocalTuning {
  return {
    pollIntervalMs: scaled(SDK_POLL_INTERVAL_MS, timeScale, 100),
    executor: {
      retry: {
        minDelayMs: scaled(DEFAULT_RETRY.minDelayMs, timeScale, 100),
        maxDelayMs: scaled(DEFAULT_RETRY.maxDelayMs, timeScale, 1_000),
        maxRetryTimeMs: scaled(DEFAULT_RETRY.maxRetryTimeMs, timeScale, 10_000),
      },
      settle: {
        intervalMs: scaled(DEFAULT_SETTLE.intervalMs, timeScale, 100),
        maxIntervalMs: scaled(DEFAULT_SETTLE.maxIntervalMs, timeScale, 500),
      },
      requeueBaseMs: scaled(REQUEUE_BASE_MS, timeScale, 200),
    },
  };
}
