import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

/**
 * Operator configuration from command-line flags and environment variables (flag wins over env, env over default).
 * Every setting is declared once in SETTINGS; parsing, `--help` and the docs test (docs/configuration.md lists every
 * flag and variable) all read that table.
 */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface OperatorConfig {
  /** Namespaces to watch, or 'all'. */
  namespaces: 'all' | string[];
  maxConcurrentReconciles: number;
  resyncPeriodMs: number;
  reconcileTimeoutMs: number;
  shutdownTimeoutMs: number;
  leaderElection: {
    enabled: boolean;
    namespace: string;
    name: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
  /** `host:port`, `:port`, or `0` to disable. */
  metricsAddress: string;
  healthAddress: string;
  logLevel: LogLevel;
  watch: { timeoutSecondsMin: number; timeoutSecondsMax: number; idleTimeoutMs: number };
  /** Names this replica in the lease identity and in Events' reportingInstance. */
  podName: string;
  /** Path of a kubeconfig; unset = in-cluster or KUBECONFIG / ~/.kube/config. */
  kubeconfig: string | undefined;
  /** Watch Secrets (metadata only) to re-queue JumpBoxes at once; off when RBAC grants Secrets `get` only. */
  watchSecrets: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Kind = 'string' | 'duration' | 'integer' | 'boolean';

interface Setting {
  flag: string;
  env: string;
  kind: Kind;
  default: string;
  help: string;
}

const SA_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export const SETTINGS = {
  namespaces: {
    flag: 'namespaces', env: 'WATCH_NAMESPACES', kind: 'string', default: 'all',
    help: 'Namespaces to watch: a comma-separated list, or "all".',
  },
  maxConcurrentReconciles: {
    flag: 'max-concurrent-reconciles', env: 'MAX_CONCURRENT_RECONCILES', kind: 'integer', default: '4',
    help: 'Reconciles running at once per controller (never two for one object).',
  },
  resyncPeriod: {
    flag: 'resync-period', env: 'RESYNC_PERIOD', kind: 'duration', default: '10m',
    help: 'Every object is re-queued about this often (±10 %) to catch drift in Azure; 0 disables.',
  },
  reconcileTimeout: {
    flag: 'reconcile-timeout', env: 'RECONCILE_TIMEOUT', kind: 'duration', default: '30m',
    help: "A reconcile's abort signal fires after this long; it is then retried with backoff. 0 disables.",
  },
  shutdownTimeout: {
    flag: 'shutdown-timeout', env: 'SHUTDOWN_TIMEOUT', kind: 'duration', default: '25s',
    help: 'On SIGTERM, how long running reconciles get to wrap up before the lease is released.',
  },
  leaderElect: {
    flag: 'leader-elect', env: 'LEADER_ELECT', kind: 'boolean', default: 'true',
    help: 'Elect a leader through a Lease; only the leader reconciles.',
  },
  leaderElectionNamespace: {
    flag: 'leader-election-namespace', env: 'LEADER_ELECTION_NAMESPACE', kind: 'string', default: '',
    help: "Namespace of the Lease; default: POD_NAMESPACE, else the service account's namespace, else \"default\".",
  },
  leaderElectionId: {
    flag: 'leader-election-id', env: 'LEADER_ELECTION_ID', kind: 'string', default: 'secureml-operator-leader',
    help: 'Name of the Lease.',
  },
  leaseDuration: {
    flag: 'leader-election-lease-duration', env: 'LEADER_ELECTION_LEASE_DURATION', kind: 'duration', default: '15s',
    help: 'How long standbys wait after the last renewal before taking over.',
  },
  renewDeadline: {
    flag: 'leader-election-renew-deadline', env: 'LEADER_ELECTION_RENEW_DEADLINE', kind: 'duration', default: '10s',
    help: 'The leader stops writing and exits when it could not renew for this long.',
  },
  retryPeriod: {
    flag: 'leader-election-retry-period', env: 'LEADER_ELECTION_RETRY_PERIOD', kind: 'duration', default: '2s',
    help: 'Interval between lease acquire/renew attempts.',
  },
  metricsAddress: {
    flag: 'metrics-bind-address', env: 'METRICS_BIND_ADDRESS', kind: 'string', default: ':8080',
    help: 'Address serving /metrics; "0" disables.',
  },
  healthAddress: {
    flag: 'health-probe-bind-address', env: 'HEALTH_PROBE_BIND_ADDRESS', kind: 'string', default: ':8081',
    help: 'Address serving /healthz and /readyz; "0" disables. May equal the metrics address.',
  },
  logLevel: {
    flag: 'log-level', env: 'LOG_LEVEL', kind: 'string', default: 'info',
    help: 'fatal, error, warn, info, debug, trace or silent.',
  },
  watchTimeoutMin: {
    flag: 'watch-timeout-min', env: 'WATCH_TIMEOUT_MIN', kind: 'duration', default: '5m',
    help: 'Lower bound of the randomized server-side watch timeout.',
  },
  watchTimeoutMax: {
    flag: 'watch-timeout-max', env: 'WATCH_TIMEOUT_MAX', kind: 'duration', default: '10m',
    help: 'Upper bound of the randomized server-side watch timeout.',
  },
  watchIdleTimeout: {
    flag: 'watch-idle-timeout', env: 'WATCH_IDLE_TIMEOUT', kind: 'duration', default: '3m',
    help: 'Watchdog: a watch silent this long (no event, no bookmark) is restarted.',
  },
  podName: {
    flag: 'pod-name', env: 'POD_NAME', kind: 'string', default: '',
    help: 'This replica\'s name in the lease identity and Events; default: the hostname.',
  },
  kubeconfig: {
    flag: 'kubeconfig', env: 'KUBECONFIG', kind: 'string', default: '',
    help: 'Path to a kubeconfig; default: in-cluster, else ~/.kube/config.',
  },
  watchSecrets: {
    flag: 'watch-secrets', env: 'WATCH_SECRETS', kind: 'boolean', default: 'true',
    help: 'Watch Secrets (metadata only) so a changed JumpBox password is applied at once; false when RBAC grants ' +
      'Secrets get only: changes are then seen at the next resync.',
  },
} as const satisfies Record<string, Setting>;

type SettingName = keyof typeof SETTINGS;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses flags (`argv` without the node and script paths) and environment. Throws ConfigError on bad input. */
export function loadConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): OperatorConfig {
  const options: Record<string, { type: 'string' }> = {};
  for (const s of Object.values(SETTINGS)) options[s.flag] = { type: 'string' };
  let flags: Record<string, string | undefined>;
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    flags = parsed.values as Record<string, string | undefined>;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${configHelp()}`);
  }
  const raw = (name: SettingName): string => {
    const s: Setting = SETTINGS[name];
    return flags[s.flag] ?? env[s.env] ?? s.default;
  };
  const duration = (name: SettingName): number => parseDuration(raw(name), describe(name));
  const integer = (name: SettingName): number => parseInteger(raw(name), describe(name));
  const boolean = (name: SettingName): boolean => parseBoolean(raw(name), describe(name));

  const config: OperatorConfig = {
    namespaces: parseNamespaces(raw('namespaces')),
    maxConcurrentReconciles: integer('maxConcurrentReconciles'),
    resyncPeriodMs: duration('resyncPeriod'),
    reconcileTimeoutMs: duration('reconcileTimeout'),
    shutdownTimeoutMs: duration('shutdownTimeout'),
    leaderElection: {
      enabled: boolean('leaderElect'),
      namespace: raw('leaderElectionNamespace') || defaultNamespace(env),
      name: raw('leaderElectionId'),
      leaseDurationMs: duration('leaseDuration'),
      renewDeadlineMs: duration('renewDeadline'),
      retryPeriodMs: duration('retryPeriod'),
    },
    metricsAddress: raw('metricsAddress'),
    healthAddress: raw('healthAddress'),
    logLevel: parseLogLevel(raw('logLevel')),
    watch: {
      timeoutSecondsMin: Math.round(duration('watchTimeoutMin') / 1000),
      timeoutSecondsMax: Math.round(duration('watchTimeoutMax') / 1000),
      idleTimeoutMs: duration('watchIdleTimeout'),
    },
    podName: raw('podName') || hostname(),
    kubeconfig: raw('kubeconfig') || undefined,
    watchSecrets: boolean('watchSecrets'),
  };
  validate(config);
  return config;
}

/** `--help` text, generated from SETTINGS. */
export function configHelp(): string {
  const lines = ['Flags (each also read from the environment variable shown):'];
  for (const s of Object.values(SETTINGS) as Setting[]) {
    const def = s.default === '' ? '' : ` (default ${s.default})`;
    lines.push(`  --${s.flag} <${s.kind}>  [${s.env}]${def}\n      ${s.help}`);
  }
  return lines.join('\n');
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go-style durations: `500ms`, `30s`, `10m`, `1h30m`; `0` alone means zero. */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new ConfigError(`${what}: "${text}" is not a duration (examples: 500ms, 30s, 10m, 1h30m)`);
  }
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * UNITS[unit!]!, 0);
}

function parseInteger(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigError(`${what}: "${text}" is not a non-negative integer`);
  return Number(text);
}

function parseBoolean(text: string, what: string): boolean {
  const value = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${what}: "${text}" is not a boolean (true/false)`);
}

function parseNamespaces(text: string): 'all' | string[] {
  const list = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0 || (list.length === 1 && list[0] === 'all')) return 'all';
  const invalid = list.filter((ns) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns));
  if (invalid.length > 0) throw new ConfigError(`namespaces: invalid namespace name(s) ${invalid.join(', ')}`);
  return [...new Set(list)];
}

function parseLogLevel(text: string): LogLevel {
  const level = text.trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`log level: "${text}" is not one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function defaultNamespace(env: NodeJS.ProcessEnv): string {
  if (env['POD_NAMESPACE']) return env['POD_NAMESPACE'];
  if (existsSync(SA_NAMESPACE_FILE)) return readFileSync(SA_NAMESPACE_FILE, 'utf8').trim();
  return 'default';
}

function describe(name: SettingName): string {
  const s: Setting = SETTINGS[name];
  return `--${s.flag} / ${s.env}`;
}

function validate(c: OperatorConfig): void {
  const problems: string[] = [];
  if (c.maxConcurrentReconciles < 1) problems.push('--max-concurrent-reconciles must be at least 1');
  const le = c.leaderElection;
  if (le.enabled) {
    if (le.renewDeadlineMs >= le.leaseDurationMs) {
      problems.push('leader election: renew deadline must be shorter than the lease duration');
    }
    if (le.retryPeriodMs >= le.renewDeadlineMs) {
      problems.push('leader election: retry period must be shorter than the renew deadline');
    }
    if (le.leaseDurationMs < 1000) {
      problems.push('leader election: lease duration must be at least 1s (the Lease stores whole seconds)');
    }
  }
  if (c.watch.timeoutSecondsMin < 1) problems.push('--watch-timeout-min must be at least 1s');
  if (c.watch.timeoutSecondsMin > c.watch.timeoutSecondsMax) {
    problems.push('--watch-timeout-min must not exceed --watch-timeout-max');
  }
  if (c.watch.idleTimeoutMs < 1000) problems.push('--watch-idle-timeout must be at least 1s');
  const addresses = [
    ['--metrics-bind-address', c.metricsAddress],
    ['--health-probe-bind-address', c.healthAddress],
  ] as const;
  for (const [flag, address] of addresses) {
    if (address !== '0' && !/^(\[[0-9a-fA-F:.]+\]|[^:[\]]*):\d{1,5}$/.test(address)) {
      problems.push(`${flag}: "${address}" must be host:port, :port or 0`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
}
