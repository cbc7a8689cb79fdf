/**
 * The check every override's person_id passes before it is applied
 * (docs/methods.md#overrides-for-unknown-ids): an ID with no incident in the
 * data is either a typo or spreadsheet damage (`007` saved as `7`, a
 * neutralising `'` kept, a stray space) or a deliberate pin of a person the
 * data does not show yet. Both are said, never silent:
 *
 * - an existing ID that matches once leading zeros, leading apostrophes,
 *   white space and case are ignored → the override is NOT applied, and the
 *   warning names that ID (the fix is to key the override by it);
 * - no such ID → the override is applied (a person on the list with no
 *   incident), and the warning says so.
 */
import type { Dataset } from '../model.js';
import { shownPath } from '../io/shown-path.js';
import { visible } from '../io/terminal-safe.js';

export interface OverrideIdCheck {
  /** apply the override (false: it names an existing ID's spreadsheet-damaged form) */
  apply: boolean;
  /** the warning to show; null when the person has incidents */
  warning: string | null;
}

/** The comparison key: white space removed, leading apostrophes and zeros dropped, upper case (`' 007` → `7`). */
export function looseId(id: string): string {
  const s = id.replace(/\s+/g, '').replace(/^'+/, '').toUpperCase();
  const z = s.replace(/^0+/, '');
  return z === '' && s !== '' ? '0' : z;
}

/** A checker over one data set (persons with incidents found once; the loose index built only when an unknown ID appears). */
export function overrideIdChecker(ds: Dataset, file: string): (id: string, line: number) => OverrideIdCheck {
  const hasIncident = new Uint8Array(ds.persons.size);
  const person = ds.incidents.person;
  for (let i = 0; i < ds.incidents.length; i++) hasIncident[person[i]] = 1;
  let loose: Map<string, string[]> | null = null;
  const closest = (id: string): string[] => {
    if (!loose) {
      loose = new Map();
      const values = ds.persons.values;
      for (let p = 0; p < values.length; p++) {
        if (!hasIncident[p]) continue;
        const k = looseId(values[p]);
        const list = loose.get(k);
        if (list) list.push(values[p]);
        else loose.set(k, [values[p]]);
      }
    }
    return (loose.get(looseId(id)) ?? []).filter((v) => v !== id).slice(0, 5);
  };
  return (id, line) => {
    const p = ds.persons.get(id);
    if (p !== undefined && p < hasIncident.length && hasIncident[p]) return { apply: true, warning: null };
    const near = closest(id);
    const where = `${shownPath(file)}:${line}`;
    if (near.length > 0) {
      return {
        apply: false,
        warning: `${where}: override for person_id '${visible(id)}', who has no incident in the data; not applied: the closest existing ID${near.length > 1 ? 's are' : ' is'} ${near.map((v) => `'${visible(v)}'`).join(', ')} (the same once leading zeros, a leading apostrophe, white space and letter case are ignored — a spreadsheet may have changed the ID). Fix: key the override by the ID exactly as in the incident data (docs/methods.md#overrides-for-unknown-ids)`,
      };
    }
    return {
      apply: true,
      warning: `${where}: override for person_id '${visible(id)}', who has no incident in the data (no similar ID either); applied: the person is on the list at the override's level with no incident. If this is a typo, key the override by the ID exactly as in the incident data (docs/methods.md#overrides-for-unknown-ids)`,
    };
  };
}
