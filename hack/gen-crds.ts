/**
 * Writes crds/*.yaml and docs/api.md from the TypeBox schemas in src/api.
 * `--check` writes nothing and exits 1 when a file is missing or stale (for CI).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from '../src/api/generated-files.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

function current(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

let stale = 0;
for (const [relative, content] of generatedFiles()) {
  const path = join(root, relative);
  if (current(path) === content) continue;
  stale += 1;
  if (check) {
    console.error(`${relative} is out of date: run npm run gen:crds`);
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${relative}`);
}
if (check && stale > 0) process.exit(1);
if (!check && stale === 0) console.log('crds/ and docs/api.md are up to date');
