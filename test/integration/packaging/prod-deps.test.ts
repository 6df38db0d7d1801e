// The image gets `npm ci --omit=dev` and src/ (Dockerfile). This rebuilds that layout in a temporary folder, away
// from the repository's node_modules, and starts the operator from it: an import that needs a dev dependency fails
// here, not in production.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
// The repository's pinned Node 24, the one the image's base carries.
const node = join(repo, 'node_modules/.bin/node');
const INSTALL_TIMEOUT_MS = 300_000;

interface Manifest {
  dependencies: Record<string, string>;
}

interface Lock {
  packages: Record<string, { dev?: boolean }>;
}

let app: string;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'secureml-prod-deps-'));
  await cp(join(repo, 'package.json'), join(app, 'package.json'));
  await cp(join(repo, 'package-lock.json'), join(app, 'package-lock.json'));
  // A copy, not a symlink: Node resolves a symlinked file's imports from its real path, i.e. the repo's node_modules.
  await cp(join(repo, 'src'), join(app, 'src'), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: app,
    timeout: INSTALL_TIMEOUT_MS,
  });
}, INSTALL_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true });
});

describe('production dependencies', () => {
  it('install every dependency and no dev-only package', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as Manifest;
    for (const name of Object.keys(manifest.dependencies)) {
      expect(await exists(join(app, 'node_modules', name)), name).toBe(true);
    }
    // The lock marks "dev": true on packages reachable only from devDependencies (a dev dependency that a
    // production package also needs, like @types/node, is not dev-only and rightly installed).
    const lock = JSON.parse(await readFile(join(app, 'package-lock.json'), 'utf8')) as Lock;
    const devOnly = Object.entries(lock.packages).filter(([, p]) => p.dev === true).map(([path]) => path);
    expect(devOnly).toContain('node_modules/vitest');
    const installed: string[] = [];
    for (const path of devOnly) if (await exists(join(app, path))) installed.push(path);
    expect(installed).toEqual([]);
  });

  it('are enough to start the operator: node src/main.ts --help exits 0 with usage text', async () => {
    // A minimal environment: no NODE_PATH or NODE_OPTIONS that could reach modules outside the folder.
    const { stdout } = await run(node, ['src/main.ts', '--help'], {
      cwd: app,
      env: { PATH: process.env['PATH'] ?? '', HOME: app },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/usage/i);
  });
});
