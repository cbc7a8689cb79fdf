import { expect } from 'vitest';

/** `actual` is a number within `rel` (relative, absolute below 1) of `expected`. */
export function close(actual: unknown, expected: number, rel = 1e-12): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}
