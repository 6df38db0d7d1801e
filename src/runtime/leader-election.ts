import { V1MicroTime } from '@kubernetes/client-node';
import { sleep } from './backoff.ts';
import { isConflict, isNotFound } from './kube-http.ts';
import type { KubeHttp } from './kube-http.ts';
import type { Logger } from './logger.ts';
import { leaderElectionMasterStatus } from './metrics.ts';

/**
 * Leader election on a coordination.k8s.io/v1 Lease, following client-go's leaderelection package:
 * - a replica acquires the Lease when it is absent, released (empty holder) or not renewed for leaseDuration, as
 *   measured on this replica's own clock from when it last saw the record change (no cross-node clock comparison);
 * - every write carries the resourceVersion it read, so two candidates cannot both win (409 → retry later);
 * - the leader renews every retryPeriod; if no renewal succeeds within renewDeadline of the previous one, it has
 *   lost: `isLeader()` turns false at that instant (the write guard), then `run` resolves 'lost'.
 * renewDeadline < leaseDuration leaves a margin in which the old leader has stopped writing before anyone else may
 * take over.
 */

export interface LeaderElectionSettings {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

export type ElectionOutcome = 'lost' | 'stopped';

export class LeaderElector {
  readonly #http: KubeHttp;
  readonly #settings: LeaderElectionSettings;
  readonly #log: Logger;
  readonly #path: string;
  #observed: LeaseSpec | undefined;
  #observedAt = 0;
  #lease: Lease | undefined;
  #leading = false;
  #lastRenew = -Infinity;

  constructor(http: KubeHttp, settings: LeaderElectionSettings, log: Logger) {
    if (settings.renewDeadlineMs >= settings.leaseDurationMs) {
      throw new Error('leader election: renewDeadline must be shorter than leaseDuration');
    }
    if (settings.retryPeriodMs >= settings.renewDeadlineMs) {
      throw new Error('leader election: retryPeriod must be shorter than renewDeadline');
    }
    this.#http = http;
    this.#settings = settings;
    this.#log = log.child({ lease: `${settings.namespace}/${settings.name}`, identity: settings.identity });
    this.#path = `/apis/coordination.k8s.io/v1/namespaces/${settings.namespace}/leases/${settings.name}`;
    leaderElectionMasterStatus.set({ name: settings.name }, 0);
  }

  get identity(): string {
    return this.#settings.identity;
  }

  /** True only while leading AND the last successful renewal is within renewDeadline: gate every write on it. */
  isLeader(): boolean {
    return this.#leading && performance.now() - this.#lastRenew < this.#settings.renewDeadlineMs;
  }

  /**
   * Campaigns until leading, calls `onStartedLeading`, then renews until `signal` aborts ('stopped', the lease is
   * released) or renewal fails ('lost').
   */
  async run(signal: AbortSignal, onStartedLeading: () => void): Promise<ElectionOutcome> {
    const { retryPeriodMs } = this.#settings;
    while (!signal.aborted && !(await this.#tryAcquireOrRenew(signal))) {
      await sleep(retryPeriodMs * (1 + 0.2 * Math.random()), signal);
    }
    if (signal.aborted) return 'stopped';
    this.#setLeading(true);
    this.#log.info('acquired the lease; leading');
    onStartedLeading();
    // Anything unexpected while renewing counts as lost: a leader that cannot vouch for its lease must stop.
    const outcome = await this.#renewUntilLost(signal).catch((err: unknown) => {
      this.#log.error({ err }, 'lease renewal loop failed');
      return 'lost' as const;
    });
    if (outcome === 'lost') {
      this.#setLeading(false);
      this.#log.error('failed to renew the lease within the renew deadline; leadership lost');
    } else {
      await this.#release();
    }
    return outcome;
  }

  async #renewUntilLost(signal: AbortSignal): Promise<ElectionOutcome> {
    const { retryPeriodMs, renewDeadlineMs } = this.#settings;
    for (;;) {
      await sleep(retryPeriodMs, signal);
      if (signal.aborted) return 'stopped';
      let renewed = false;
      while (!renewed) {
        const remaining = this.#lastRenew + renewDeadlineMs - performance.now();
        if (remaining <= 0) return 'lost';
        renewed = await this.#tryAcquireOrRenew(AbortSignal.any([signal, AbortSignal.timeout(Math.ceil(remaining))]));
        if (signal.aborted) return 'stopped';
        if (!renewed) await sleep(Math.min(retryPeriodMs, remaining), signal);
      }
    }
  }

  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { identity, leaseDurationMs } = this.#settings;
    const now = new V1MicroTime().toISOString();
    const attemptStarted = performance.now();
    try {
      const current = await this.#read(signal);
      const leaseDurationSeconds = Math.ceil(leaseDurationMs / 1000);
      if (!current) {
        const spec: LeaseSpec = { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 };
        const created = await this.#http.json<Lease>('POST', this.#collectionPath(), { body: this.#leaseBody(spec), signal });
        return this.#written(created, attemptStarted);
      }
      const record = current.spec ?? {};
      this.#observe(record);
      const holder = record.holderIdentity ?? '';
      const heldByOther = holder !== '' && holder !== identity;
      const expiresAt = this.#observedAt + (record.leaseDurationSeconds ?? 0) * 1000;
      if (heldByOther && expiresAt > performance.now()) return false;
      const spec: LeaseSpec = {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: holder === identity ? (record.acquireTime ?? now) : now,
        renewTime: now,
        leaseTransitions: (record.leaseTransitions ?? 0) + (holder === identity ? 0 : 1),
      };
      const body = this.#leaseBody(spec, current.metadata.resourceVersion);
      return this.#written(await this.#http.json<Lease>('PUT', this.#path, { body, signal }), attemptStarted);
    } catch (err) {
      if (!signal.aborted && !isConflict(err)) this.#log.warn({ err }, 'lease read/write failed');
      return false;
    }
  }

  async #read(signal: AbortSignal): Promise<Lease | undefined> {
    try {
      return (this.#lease = await this.#http.get<Lease>(this.#path, { signal }));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  #written(lease: Lease, attemptStarted: number): boolean {
    this.#lease = lease;
    this.#observe(lease.spec ?? {});
    // The attempt's start bounds when the apiserver accepted it; counting from there keeps isLeader() conservative.
    this.#lastRenew = attemptStarted;
    return true;
  }

  #observe(record: LeaseSpec): void {
    const o = this.#observed;
    if (
      !o ||
      o.holderIdentity !== record.holderIdentity ||
      o.renewTime !== record.renewTime ||
      o.acquireTime !== record.acquireTime ||
      o.leaseTransitions !== record.leaseTransitions
    ) {
      this.#observed = { ...record };
      this.#observedAt = performance.now();
    }
  }

  /** Hands the lease over at once (empty holder, 1 s duration), as client-go does with ReleaseOnCancel. */
  async #release(): Promise<void> {
    const lease = this.#lease;
    this.#setLeading(false);
    if (!lease || lease.spec?.holderIdentity !== this.#settings.identity) return;
    const now = new V1MicroTime().toISOString();
    const transitions = lease.spec.leaseTransitions ?? 0;
    const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: transitions };
    try {
      const body = this.#leaseBody(spec, lease.metadata.resourceVersion);
      await this.#http.json('PUT', this.#path, { body, signal: AbortSignal.timeout(5000) });
      this.#log.info('released the lease');
    } catch (err) {
      this.#log.warn({ err }, 'could not release the lease; the next leader waits for it to expire');
    }
  }

  #setLeading(leading: boolean): void {
    this.#leading = leading;
    leaderElectionMasterStatus.set({ name: this.#settings.name }, leading ? 1 : 0);
  }

  #collectionPath(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.#settings.namespace}/leases`;
  }

  #leaseBody(spec: LeaseSpec, resourceVersion?: string): Lease {
    const { name, namespace } = this.#settings;
    return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace, resourceVersion }, spec };
  }
}
