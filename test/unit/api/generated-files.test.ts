import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../../src/api/generated-files.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('committed generated files', () => {
  for (const [relative, expected] of generatedFiles()) {
    it(`${relative} equals what npm run gen:crds produces now`, () => {
      const onDisk = readFileSync(join(root, relative), 'utf8');
      // A plain equality: on failure vitest shows the diff; the fix is `npm run gen:crds`.
      expect(onDisk).toBe(expected);
    });
  }

  it('covers the three CRDs, their kustomization and the API reference', () => {
    expect([...generatedFiles().keys()].sort()).toEqual([
      'crds/kustomization.yaml',
      'crds/secureml.io_imagebuildcomputes.yaml',
      'crds/secureml.io_jumpboxes.yaml',
      'crds/secureml.io_secureworkspaces.yaml',
      'docs/api.md',
    ]);
  });
});
