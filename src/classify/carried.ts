/**
 * Carried columns in the operational lists (docs/methods.md#output): the
 * export columns named under `carry:` in the config (src/fields.ts), shown
 * beside each row's person so that a list can be acted on without a join back
 * to the records system. Only a list whose rows say whom they are about
 * (Table.subjects: tiers, the outreach list, classify, alerts, history) gets
 * them; an aggregate, the report and batch have no subjects and never do.
 *
 * Which value: for each carried column, the value of the person's latest
 * incident (or, for a notification-log column, the latest notification)
 * dated on or before the list's date that has one, so a blank cell on the
 * newest record does not hide a known name. On the outreach list a row is
 * about a (victim, person) pair, and an incident column comes from the latest
 * incident of that person with that victim that has a value (else, as
 * elsewhere, the person's latest incident that has one). Same-day records: the one read
 * last in the person's (day, line) order wins. Pure: no I/O.
 */
import { formatDay } from '../dates.js';
import type { Column, Dataset, Day, Table } from '../model.js';
import type { PersonIndex } from './person-index.js';

/** The carried columns' names of both files, incidents first (empty: none configured). */
export function carriedNames(ds: Dataset): string[] {
  const c = ds.carried;
  return c ? [...c.incidents.names, ...c.notifications.names] : [];
}

/**
 * The carried values of each subject row: `values[row][k]` is carried column k
 * (carriedNames order), '' when no record on or before the list's date has one.
 */
export function carriedValues(ds: Dataset, idx: PersonIndex, subjects: NonNullable<Table['subjects']>): string[][] {
  const c = ds.carried;
  if (!c) return Array.from(subjects.person, () => []);
  const text = c.pool.values;
  const ni = c.incidents.names.length,
    nn = c.notifications.names.length;
  const { incidents: inc, notifications: not } = ds;
  const cache = new Map<string, string[]>();
  return Array.from(subjects.person, (p, row) => {
    const victim = subjects.victim?.[row] ?? -1;
    const key = `${p}:${victim}`;
    const known = cache.get(key);
    if (known) return known;
    const out = new Array<string>(ni + nn).fill('');
    if (p < idx.persons) {
      // on a victim row, the pair's latest value first, else the person's
      const pair = new Uint32Array(ni);
      for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) {
        const i = idx.incOrder[k];
        if (inc.day[i] > subjects.asOf) break;
        const ofPair = victim >= 0 && inc.victim[i] === victim;
        for (let j = 0; j < ni; j++) {
          const v = c.incidents.cells[i * ni + j];
          if (v === 0) continue;
          out[j] = text[v];
          if (ofPair) pair[j] = v;
        }
      }
      for (let j = 0; j < ni; j++) if (pair[j] !== 0) out[j] = text[pair[j]];
      for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) {
        const n = idx.notOrder[k];
        if (not.day[n] > subjects.asOf) break;
        for (let j = 0; j < nn; j++) {
          const v = c.notifications.cells[n * nn + j];
          if (v !== 0) out[ni + j] = text[v];
        }
      }
    }
    cache.set(key, out);
    return out;
  });
}

/**
 * The list with its carried columns after `person_id` (at the end when it
 * has none) and a note saying where their values come from; with
 * `pseudonymized`, the list without them and a note saying so. A table
 * without subjects, or a dataset without carried columns, is returned as is.
 * A carried name that is already a column of the list is an Error (the caller
 * reports it as a config problem).
 */
export function withCarried(table: Table, ds: Dataset, idx: PersonIndex, pseudonymized: boolean): Table {
  const names = carriedNames(ds);
  if (!table.subjects || names.length === 0) return table;
  if (pseudonymized) {
    return {
      ...table,
      notes: [
        ...table.notes,
        `the carried columns (${names.join(', ')}; config carry:) are left out: --pseudonymize is on, and they name people`,
      ],
    };
  }
  const clash = names.find((n) => table.columns.some((col) => col.key === n));
  if (clash)
    throw new CarriedNameClash(
      clash,
      table.columns.map((col) => col.key),
    );
  const values = carriedValues(ds, idx, table.subjects);
  const rows = table.rows.map((r, i) => {
    const out = { ...r };
    names.forEach((n, k) => (out[n] = values[i]?.[k] ?? ''));
    return out;
  });
  const added: Column[] = names.map((key) => ({ key, kind: 'text' }));
  const at = table.columns.findIndex((col) => col.key === 'person_id');
  const columns =
    at < 0
      ? [...table.columns, ...added]
      : [...table.columns.slice(0, at + 1), ...added, ...table.columns.slice(at + 1)];
  const asOf = Number.isFinite(table.subjects.asOf)
    ? ` dated on or before ${formatDay(table.subjects.asOf as Day)}`
    : '';
  const from: string[] = [];
  const { incidents, notifications } = ds.carried!;
  if (incidents.names.length)
    from.push(
      `${incidents.names.join(', ')}: from the person's latest incident${asOf} that has a value${table.subjects.victim ? " (on a victim row, the latest incident of that person with that victim that has one, else the person's latest)" : ''}`,
    );
  if (notifications.names.length)
    from.push(`${notifications.names.join(', ')}: from the person's latest notification${asOf} that has a value`);
  return {
    ...table,
    columns,
    rows,
    notes: [
      ...table.notes,
      `carried columns (config carry:, text as exported; docs/methods.md#output): ${from.join('; ')}`,
    ],
  };
}

/** A carried column named like a column the list already has. */
export class CarriedNameClash extends Error {
  constructor(
    readonly carried: string,
    readonly columns: string[],
  ) {
    super(`the carried column '${carried}' has the name of a column of this list`);
  }
}
