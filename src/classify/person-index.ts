/**
 * Per-person views of the columnar store: each person's incidents and
 * notifications in date order, as offsets into one shared order array
 * (compressed sparse rows). Built once in O(n) by a counting sort on person,
 * then each person's short run sorted by (day, line), so results never depend
 * on the input's row order.
 */
import type { Dataset } from '../model.js';

export interface PersonIndex {
  persons: number;
  /** incidents of person p: incOrder[incStart[p] .. incStart[p+1]) */
  incStart: Uint32Array;
  incOrder: Uint32Array;
  /** notifications of person p: notOrder[notStart[p] .. notStart[p+1]) in (day, level desc) order */
  notStart: Uint32Array;
  notOrder: Uint32Array;
}

function groupBy(
  persons: number,
  owner: Uint32Array,
  compare: (a: number, b: number) => number,
): { start: Uint32Array; order: Uint32Array } {
  const n = owner.length;
  const start = new Uint32Array(persons + 1);
  for (let i = 0; i < n; i++) start[owner[i] + 1]++;
  for (let p = 0; p < persons; p++) start[p + 1] += start[p];
  const fill = start.slice(0, persons);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[owner[i]]++] = i;
  for (let p = 0; p < persons; p++) {
    const lo = start[p],
      hi = start[p + 1];
    if (hi - lo < 2) continue;
    if (hi - lo > 32) {
      order.subarray(lo, hi).sort(compare);
      continue;
    }
    // insertion sort: runs are short (a person's incidents)
    for (let i = lo + 1; i < hi; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= lo && compare(order[j], v) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
  }
  return { start, order };
}

export function buildPersonIndex(ds: Dataset): PersonIndex {
  const { incidents: inc, notifications: not } = ds;
  const persons = ds.persons.size;
  const i = groupBy(persons, inc.person, (a, b) => inc.day[a] - inc.day[b] || inc.line[a] - inc.line[b]);
  const n = groupBy(
    persons,
    not.person,
    (a, b) => not.day[a] - not.day[b] || not.level[b] - not.level[a] || not.line[a] - not.line[b],
  );
  return { persons, incStart: i.start, incOrder: i.order, notStart: n.start, notOrder: n.order };
}
