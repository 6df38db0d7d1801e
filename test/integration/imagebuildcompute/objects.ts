// Helpers of the ImageBuildCompute and JumpBox integration tests: objects of any of the three kinds through the real
// apiserver, waits with deadlines, Events, and an in-process operator whose log lines the test can read.
import { Writable } from 'node:stream';
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { inject } from 'vitest';
import { API_VERSION, GROUP, KINDS, VERSION } from '../../../src/api/index.ts';
import type { Condition, KindName } from '../../../src/api/index.ts';
import { emulatorConnection } from '../../../src/azure/credentials.ts';
import { DEFAULT_TENANT_ID, startEmulator } from '../../../src/emulator/index.ts';
import type { RunningEmulator } from '../../../src/emulator/index.ts';
import { startOperator } from '../../../src/operator.ts';
import type { RunningOperator } from '../../../src/operator.ts';
import type { OperatorConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/runtime/index.ts';
import { TEST_EXECUTOR, TEST_POLL_INTERVAL_MS, testOperatorConfig } from '../../support/operator.ts';

type Json = Record<string, unknown>;

export interface KubeObjectJson {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; generation?: number; resourceVersion?: string; uid?: string; deletionTimestamp?: string };
  spec: Json;
  status?: Json & { conditions?: Condition[] };
}

/** The tutorial's network (seed 002), with the Bastion subnet. */
export const TUTORIAL_NETWORK = {
  mode: 'CustomerManaged',
  addressSpace: '172.16.0.0/16',
  subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24', bastion: '172.16.2.0/26' },
} as const;

export class Objects {
  readonly #kc: KubeConfig;
  readonly #ns: string;

  constructor(kc: KubeConfig, namespace: string) {
    this.#kc = kc;
    this.#ns = namespace;
  }

  #coords(kind: KindName) {
    return { group: GROUP, version: VERSION, namespace: this.#ns, plural: KINDS[kind].plural };
  }

  async create(kind: KindName, name: string, spec: Json): Promise<void> {
    await this.#kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      ...this.#coords(kind),
      body: { apiVersion: API_VERSION, kind, metadata: { name, namespace: this.#ns }, spec },
    });
  }

  async get(kind: KindName, name: string): Promise<KubeObjectJson | undefined> {
    try {
      return (await this.#kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ ...this.#coords(kind), name })) as KubeObjectJson;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  }

  async patchSpec(kind: KindName, name: string, spec: Json): Promise<void> {
    await this.#kc
      .makeApiClient(CustomObjectsApi)
      .patchNamespacedCustomObject({ ...this.#coords(kind), name, body: { spec } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  }

  /** An annotation change: the controller reconciles the object again without a spec change (no new generation). */
  async poke(kind: KindName, name: string): Promise<void> {
    await this.#kc
      .makeApiClient(CustomObjectsApi)
      .patchNamespacedCustomObject(
        { ...this.#coords(kind), name, body: { metadata: { annotations: { 'test.secureml.io/poke': String(Date.now()) } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
  }

  async delete(kind: KindName, name: string): Promise<void> {
    await this.#kc.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({ ...this.#coords(kind), name });
  }

  /** Creates or replaces a Secret with one key. Returns its resourceVersion. */
  async putSecret(name: string, data: Record<string, string>): Promise<string> {
    const core = this.#kc.makeApiClient(CoreV1Api);
    const body = { metadata: { name, namespace: this.#ns }, stringData: data };
    try {
      const created = await core.createNamespacedSecret({ namespace: this.#ns, body });
      return created.metadata?.resourceVersion ?? '';
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
      const replaced = await core.replaceNamespacedSecret({ name, namespace: this.#ns, body });
      return replaced.metadata?.resourceVersion ?? '';
    }
  }

  /** Events about one object (events.k8s.io), oldest first. */
  async events(name: string): Promise<{ reason: string; note: string; type: string }[]> {
    const list = (await this.#kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
      group: 'events.k8s.io',
      version: 'v1',
      namespace: this.#ns,
      plural: 'events',
    })) as { items: { regarding?: { name?: string }; reason?: string; note?: string; type?: string }[] };
    return list.items
      .filter((e) => e.regarding?.name === name)
      .map((e) => ({ reason: e.reason ?? '', note: e.note ?? '', type: e.type ?? '' }));
  }

  /** Waits until `type` has `status` (and `reason`, when given) for the object's current generation. */
  async waitForCondition(kind: KindName, name: string, type: string, status: 'True' | 'False' = 'True', reason?: string, timeoutMs = 90_000): Promise<KubeObjectJson> {
    let last: KubeObjectJson | undefined;
    return waitFor(
      `${kind} ${this.#ns}/${name} ${type}=${status}${reason ? ` (${reason})` : ''}`,
      async () => {
        last = await this.get(kind, name);
        const c = condition(last, type);
        const ok = c?.status === status && c.observedGeneration === last?.metadata.generation && (reason === undefined || c.reason === reason);
        return ok ? last : undefined;
      },
      timeoutMs,
    ).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}; last conditions: ${JSON.stringify(last?.status?.conditions ?? [])}`);
    });
  }

  waitForGone(kind: KindName, name: string, timeoutMs = 90_000): Promise<true> {
    return waitFor(`${kind} ${this.#ns}/${name} to be gone`, async () => ((await this.get(kind, name)) ? undefined : true), timeoutMs);
  }
}

export function condition(obj: KubeObjectJson | undefined, type: string): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

/** Polls `probe` until it returns something other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// --- an operator whose logs are kept ---------------------------------------------------------------------------

export interface LoggedOperator {
  readonly emulator: RunningEmulator;
  readonly operator: RunningOperator;
  readonly kubeConfig: KubeConfig;
  /** Every log line so far (debug level), as written. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Like test/support/operator.ts's startTestOperator, with debug logs captured in memory so a test can prove that a
 * secret never reaches them.
 */
export async function startLoggedOperator(namespace: string, config: Partial<OperatorConfig> = {}): Promise<LoggedOperator> {
  const emulator = await startEmulator();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(inject('kubeconfig'));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const settings = testOperatorConfig(namespace, { ...config, logLevel: 'debug' });
  try {
    const operator = await startOperator({
      kubeConfig,
      arm: emulatorConnection(emulator, { retry: { maxRetries: 1, retryDelayInMs: 50, maxRetryDelayInMs: 500 } }),
      tenantId: DEFAULT_TENANT_ID,
      config: settings,
      logger: createLogger('debug', sink),
      pollIntervalMs: TEST_POLL_INTERVAL_MS,
      executor: TEST_EXECUTOR,
      onLeadershipLost: () => undefined,
    });
    return {
      emulator,
      operator,
      kubeConfig,
      logs: () => lines.join(''),
      async stop() {
        await operator.stop();
        await emulator.stop();
      },
    };
  } catch (err) {
    await emulator.stop();
    throw err;
  }
}

// --- the emulator's view -------------------------------------------------------------------------------------------

export type Resource = Json & { id: string; type: string; name: string; tags?: Record<string, string>; properties?: Json };

export function inventory(emulator: RunningEmulator): Resource[] {
  return emulator.admin.inventory() as Resource[];
}

export function ofType(emulator: RunningEmulator, type: string): Resource[] {
  return inventory(emulator).filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

export function props(r: Resource | undefined): Json {
  return (r?.properties ?? {}) as Json;
}
