import { describe, expect, it } from 'vitest';
import { workspaceHolder } from '../../../../src/controllers/imagebuildcompute/holder.ts';
import type { KubeObject } from '../../../../src/runtime/index.ts';

const claimant = (name: string, creationTimestamp: string): KubeObject => ({ metadata: { name, namespace: 'ns', creationTimestamp } });

describe('workspaceHolder', () => {
  it('is the oldest claimant, wherever it is in the list', () => {
    const first = claimant('zeta', '2026-01-01T10:00:00Z');
    const second = claimant('alpha', '2026-01-01T10:00:05Z');
    expect(workspaceHolder([second, first])).toBe(first);
    expect(workspaceHolder([first, second])).toBe(first);
  });

  it('breaks a tie on creation time by name, so every replica and every run agree', () => {
    const a = claimant('a', '2026-01-01T10:00:00Z');
    const b = claimant('b', '2026-01-01T10:00:00Z');
    expect(workspaceHolder([b, a])).toBe(a);
  });

  it('is undefined without claimants', () => {
    expect(workspaceHolder([])).toBeUndefined();
  });
});
