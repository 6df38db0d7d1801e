// Runs config/argocd/health.lua in a real Lua VM (wasmoon, Lua 5.4; Argo CD embeds gopher-lua 5.1, so the script
// sticks to the common subset) against the fixtures, the way Argo CD does: the object is the global `obj` and the
// script returns { status, message }.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { LuaFactory } from 'wasmoon';
import { parse } from 'yaml';

const repo = new URL('../../../', import.meta.url);
const fixtures = new URL('fixtures/argocd/', import.meta.url);
const KINDS = ['SecureWorkspace', 'ImageBuildCompute', 'JumpBox'] as const;

interface HealthStatus {
  status: string;
  message: string;
}

interface HealthCase {
  inputPath: string;
  healthStatus: HealthStatus;
}

// Argo CD turns JSON null into nil; wasmoon cannot push a JS null, so drop it the same way.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

const factory = new LuaFactory();
let script: string;

async function health(obj: unknown): Promise<HealthStatus> {
  const lua = await factory.createEngine();
  try {
    lua.global.set('obj', withoutNulls(obj));
    return (await lua.doString(script)) as HealthStatus;
  } finally {
    lua.global.close();
  }
}

async function fixture(name: string): Promise<Record<string, unknown>> {
  return parse(await readFile(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  script = await readFile(new URL('config/argocd/health.lua', repo), 'utf8');
});

const { tests } = parse(await readFile(new URL('health_test.yaml', fixtures), 'utf8')) as { tests: HealthCase[] };

describe('config/argocd/health.lua', () => {
  it('has a fixture for every health status it can return', () => {
    expect(new Set(tests.map((t) => t.healthStatus.status))).toEqual(new Set(['Healthy', 'Progressing', 'Degraded']));
  });

  it.each(tests.map((t) => [t.inputPath, t] as const))('%s', async (_name, t) => {
    expect(await health(await fixture(t.inputPath))).toEqual(t.healthStatus);
  });

  it('judges all three kinds the same way', async () => {
    const healthy = await fixture('healthy.yaml');
    for (const kind of KINDS) {
      expect((await health({ ...healthy, kind })).status).toBe('Healthy');
    }
  });

  it('keeps a Degraded object Progressing once its spec changes, until the operator judges the new spec', async () => {
    const degraded = await fixture('degraded.yaml');
    const metadata = degraded.metadata as Record<string, unknown>;
    const edited = { ...degraded, metadata: { ...metadata, generation: 3 } };
    expect(await health(edited)).toEqual({
      status: 'Progressing',
      message: 'Waiting for the operator to observe generation 3',
    });
  });
});

describe('config/argocd/argocd-cm-patch.yaml', () => {
  it('wires health.lua verbatim for each of the three kinds, and nothing else', async () => {
    const patch = parse(await readFile(new URL('config/argocd/argocd-cm-patch.yaml', repo), 'utf8')) as {
      kind: string;
      metadata: { name: string };
      data: Record<string, string>;
    };
    expect(patch.kind).toBe('ConfigMap');
    expect(patch.metadata.name).toBe('argocd-cm');
    expect(Object.keys(patch.data).sort()).toEqual(
      KINDS.map((k) => `resource.customizations.health.secureml.io_${k}`).sort(),
    );
    for (const value of Object.values(patch.data)) expect(value).toBe(script);
  });
});
