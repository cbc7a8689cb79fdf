/** Wording helpers for compile errors: plurals, example calls, name lists and "did you mean" suggestions. */
import { editDistance } from '../../edit-distance.js';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function exampleArgs(n: number): string {
  return Array.from({ length: n }, (_, i) => String([12, 1, 2, 3][i % 4])).join(', ');
}

export function listNames(names: string[], max = 25): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length - max} more)` : shown;
}

/** " — did you mean 'x'?" for the closest name by edit distance, or ';'. */
export function suggest(name: string, sameKind: string[], otherKind: string[]): string {
  const best = closest(name, sameKind) ?? closest(name, otherKind);
  return best ? ` — did you mean '${best}'?` : ';';
}

/** The candidate closest to `name` by edit distance (case-insensitive), when close enough to be a likely typo. */
export function closest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), { transpositions: true });
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestD <= limit ? best : undefined;
}
