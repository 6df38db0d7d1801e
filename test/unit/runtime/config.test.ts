import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, configHelp, loadConfig, parseDuration } from '../../../src/config.ts';

describe('loadConfig', () => {
  it('has production defaults', () => {
    const c = loadConfig([], { POD_NAMESPACE: 'secureml-system' });
    expect(c).toMatchObject({
      namespaces: 'all',
      maxConcurrentReconciles: 4,
      resyncPeriodMs: 600_000,
      leaderElection: {
        enabled: true,
        namespace: 'secureml-system',
        name: 'secureml-operator-leader',
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
      metricsAddress: ':8080',
      healthAddress: ':8081',
      logLevel: 'info',
      watch: { timeoutSecondsMin: 300, timeoutSecondsMax: 600, idleTimeoutMs: 180_000 },
    });
    expect(c.podName.length).toBeGreaterThan(0);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { WATCH_NAMESPACES: 'team-a, team-b', LOG_LEVEL: 'debug', LEADER_ELECT: 'false', RESYNC_PERIOD: '1h30m' };
    const c = loadConfig(['--log-level', 'warn', '--max-concurrent-reconciles=2'], env);
    expect(c.namespaces).toEqual(['team-a', 'team-b']);
    expect(c.logLevel).toBe('warn');
    expect(c.leaderElection.enabled).toBe(false);
    expect(c.resyncPeriodMs).toBe(5_400_000);
    expect(c.maxConcurrentReconciles).toBe(2);
  });

  it('rejects unknown flags and bad values with the offending setting named', () => {
    expect(() => loadConfig(['--nope'], {})).toThrow(ConfigError);
    expect(() => loadConfig([], { RESYNC_PERIOD: '10 minutes' })).toThrow(/--resync-period \/ RESYNC_PERIOD/);
    expect(() => loadConfig([], { LEADER_ELECT: 'maybe' })).toThrow(/boolean/);
    expect(() => loadConfig([], { LOG_LEVEL: 'loud' })).toThrow(/log level/);
    expect(() => loadConfig([], { WATCH_NAMESPACES: 'Bad_NS' })).toThrow(/Bad_NS/);
    expect(() => loadConfig([], { METRICS_BIND_ADDRESS: '8080' })).toThrow(/host:port/);
  });

  it('rejects inconsistent leader election and watch timings', () => {
    expect(() => loadConfig(['--leader-election-renew-deadline', '20s'], {})).toThrow(/renew deadline must be shorter/);
    expect(() => loadConfig(['--leader-election-retry-period', '10s'], {})).toThrow(/retry period/);
    expect(() => loadConfig(['--watch-timeout-min', '20m'], {})).toThrow(/must not exceed/);
    // The same timings are fine once leader election is off.
    expect(() => loadConfig(['--leader-elect', 'false', '--leader-election-renew-deadline', '20s'], {})).not.toThrow();
  });

  it('watches Secrets unless told not to (RBAC with Secrets get only)', () => {
    expect(loadConfig([], {}).watchSecrets).toBe(true);
    expect(loadConfig([], { WATCH_SECRETS: 'false' }).watchSecrets).toBe(false);
    expect(loadConfig(['--watch-secrets=true'], { WATCH_SECRETS: 'false' }).watchSecrets).toBe(true);
    expect(loadConfig(['--watch-secrets', 'off'], {}).watchSecrets).toBe(false);
    expect(() => loadConfig([], { WATCH_SECRETS: 'sometimes' })).toThrow(/--watch-secrets \/ WATCH_SECRETS/);
  });

  it('accepts loopback, IPv6 and disabled listen addresses', () => {
    const c = loadConfig(['--metrics-bind-address', '127.0.0.1:0', '--health-probe-bind-address', '[::1]:9000'], {});
    expect(c.metricsAddress).toBe('127.0.0.1:0');
    expect(loadConfig(['--metrics-bind-address', '0'], {}).metricsAddress).toBe('0');
  });
});

describe('parseDuration', () => {
  it('parses Go-style durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2h3m4s')).toBe(7_384_000);
    expect(parseDuration('0')).toBe(0);
    expect(() => parseDuration('10')).toThrow(ConfigError);
    expect(() => parseDuration('5m garbage')).toThrow(ConfigError);
  });
});

describe('documentation', () => {
  it('docs/configuration.md lists every Azure variable the operator reads itself', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const sources = ['../../../src/main.ts', '../../../src/azure/credentials.ts'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'));
    const read = new Set(sources.flatMap((text) => [...text.matchAll(/env\[['"](AZURE_[A-Z_]+)['"]\]|flag\(env, ['"](AZURE_[A-Z_]+)['"]\)/g)].map((m) => m[1] ?? m[2])));
    expect([...read].sort()).toEqual(
      ['AZURE_ARM_CA_FILE', 'AZURE_ARM_ENDPOINT', 'AZURE_ARM_SCOPE', 'AZURE_LRO_POLL_INTERVAL_MS', 'AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_USE_EMULATOR_CREDENTIAL'],
    );
    for (const name of read) expect(doc, name).toContain(`\`${name}\``);
  });

  it('docs/configuration.md and --help list every flag and environment variable', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const help = configHelp();
    for (const s of Object.values(SETTINGS)) {
      expect(doc).toContain(`--${s.flag}`);
      expect(doc).toContain(s.env);
      expect(help).toContain(`--${s.flag}`);
    }
  });
});
