// There is no Docker engine where the tests run, so the image is checked by parsing the Dockerfile (dockerfile-ast,
// the parser behind the VS Code Docker language server) and asserting the invariants the image must keep.
// test/integration/packaging/prod-deps.test.ts proves the other half: production dependencies are enough to start.
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import type { Copy, From, Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, repo), 'utf8');

interface Stage {
  from: From;
  instructions: Instruction[];
}

function stages(content: string): Stage[] {
  const result: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') result.push({ from: instruction as From, instructions: [] });
    else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

const args = (i: Instruction): string => i.getArgumentsContent() ?? '';
const ofKind = (stage: Stage, keyword: string): Instruction[] =>
  stage.instructions.filter((i) => i.getKeyword() === keyword);
const jsonArgs = (i: Instruction): string[] => JSON.parse(args(i)) as string[];

const all = stages(read('Dockerfile'));
const final = all.at(-1)!;
const nodeMajor = /^>=(\d+)\./.exec((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node)?.[1];

interface Container {
  ports: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
}
const deployment = parse(read('config/manager/deployment.yaml')) as {
  spec: { template: { spec: { securityContext: { runAsUser: number }; containers: Container[] } } };
};
const pod = deployment.spec.template.spec;

describe('Dockerfile', () => {
  it('is multi-stage: dependencies are installed in a stage the image does not inherit', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const depsName = all[0]!.from.getBuildStage();
    expect(depsName).toBeTruthy();
    expect(final.from.getImageName()).not.toBe(depsName);
  });

  it('pins every base image to an explicit tag (never latest) on the Node major of package.json engines', () => {
    expect(nodeMajor).toBe('24');
    for (const { from } of all) {
      const tag = from.getImageTag();
      expect(tag ?? from.getImageDigest(), from.getImage() ?? '').toBeTruthy();
      expect(tag).not.toBe('latest');
      expect(from.getImageName()).toMatch(new RegExp(`^(node|distroless/nodejs${nodeMajor}-debian\\d+)$`));
      if (from.getImageName() === 'node') expect(tag).toMatch(new RegExp(`^${nodeMajor}\\.\\d+\\.\\d+-`));
    }
  });

  it('installs production dependencies with npm ci --omit=dev from the lock file, nothing with npm install', () => {
    const runs = all.flatMap((s) => ofKind(s, 'RUN')).map(args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && r.includes('--omit=dev'))).toBe(true);
    expect(runs.filter((r) => /\bnpm (install|i)\b|\byarn\b|\bpnpm\b/.test(r))).toEqual([]);
    const copiedIntoDeps = ofKind(all[0]!, 'COPY').map(args).join(' ');
    expect(copiedIntoDeps).toContain('package-lock.json');
  });

  it('runs nothing in the final stage, so no package manager or dev dependency can reach the image', () => {
    expect(ofKind(final, 'RUN')).toEqual([]);
    expect(final.from.getImageName()).toMatch(/^distroless\//);
  });

  it('takes node_modules only from the dependency stage and copies src/ and package.json, not the whole context', () => {
    const copies = (ofKind(final, 'COPY') as Copy[]).map((c) => [c.getFromFlag()?.getValue(), args(c)].join(' ').trim());
    expect(copies).toContain(`${all[0]!.from.getBuildStage()} /app/node_modules ./node_modules`);
    expect(copies).toContain('package.json ./');
    expect(copies).toContain('src ./src');
    expect(copies.filter((c) => /^\.\s/.test(c))).toEqual([]);
  });

  it('never fetches from the network with ADD', () => {
    const adds = all.flatMap((s) => ofKind(s, 'ADD')).map(args);
    expect(adds.filter((a) => /\b(https?|git):\/\//.test(a) || /\bgit@/.test(a))).toEqual([]);
  });

  it('runs as the same numeric non-root user that the Deployment enforces', () => {
    const users = ofKind(final, 'USER').map(args);
    expect(users).toHaveLength(1);
    const uid = Number(users[0]!.split(':')[0]);
    expect(uid).toBeGreaterThan(0);
    expect(pod.securityContext.runAsUser).toBe(uid);
  });

  it('starts the operator with node src/main.ts in exec form (signals reach Node directly)', () => {
    const [entrypoint] = ofKind(final, 'ENTRYPOINT');
    expect(entrypoint).toBeDefined();
    const argv = jsonArgs(entrypoint!);
    expect(argv.at(-1)).toBe('src/main.ts');
    expect(argv[0]).toMatch(/\/node$/);
    expect(ofKind(final, 'CMD')).toEqual([]);
  });

  it('exposes the ports the Deployment declares', () => {
    const exposed = ofKind(final, 'EXPOSE').flatMap((i) => args(i).split(/\s+/));
    expect(exposed.sort()).toEqual(pod.containers[0]!.ports.map((p) => String(p.containerPort)).sort());
  });

  it('has a HEALTHCHECK on /healthz of the port the Deployment probes', () => {
    const [healthcheck] = ofKind(final, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const url = /http:\/\/127\.0\.0\.1:(\d+)\/healthz/.exec(args(healthcheck!));
    expect(url).not.toBeNull();
    const manager = pod.containers[0]!;
    expect(manager.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(manager.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(manager.ports.find((p) => p.name === 'health')?.containerPort).toBe(Number(url![1]));
  });
});

describe('.dockerignore', () => {
  it('allows only package.json, package-lock.json and src/ into the build context', () => {
    const rules = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(rules[0]).toBe('*');
    expect(rules.slice(1).sort()).toEqual(['!package-lock.json', '!package.json', '!src/']);
  });
});
