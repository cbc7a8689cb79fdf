/**
 * Date parsing by explicit format, without `Date` and so without time zones.
 *
 * Tokens: yyyy (4-digit year), yy (2-digit year: 00–68 → 20xx, 69–99 → 19xx,
 * as POSIX strptime), MM/M (month, 2 or 1–2 digits), dd/d (day), HH/H, hh/h
 * (hour), mm (minute), ss (second), a (AM/PM). Anything else is literal.
 * The time, when present, is checked for range and then ignored: the result
 * is the calendar day written in the cell (a UTC offset is not applied).
 * A value may carry a trailing time part its format does not mention
 * (`2021-03-04 13:45`, `03/04/2021 1:45 PM`): it is checked and ignored.
 */
import { dayFromCivil, isValidCivil } from '../dates.js';
import type { Day } from '../model.js';

type Seg =
  | { kind: 'lit'; text: string }
  | { kind: 'num'; field: 'y' | 'yy' | 'M' | 'd' | 'H' | 'h' | 'm' | 's'; min: number; max: number }
  | { kind: 'ampm' };

const TOKENS: [string, Seg][] = [
  ['yyyy', { kind: 'num', field: 'y', min: 4, max: 4 }],
  ['yy', { kind: 'num', field: 'yy', min: 2, max: 2 }],
  ['MM', { kind: 'num', field: 'M', min: 2, max: 2 }],
  ['M', { kind: 'num', field: 'M', min: 1, max: 2 }],
  ['dd', { kind: 'num', field: 'd', min: 2, max: 2 }],
  ['d', { kind: 'num', field: 'd', min: 1, max: 2 }],
  ['HH', { kind: 'num', field: 'H', min: 2, max: 2 }],
  ['H', { kind: 'num', field: 'H', min: 1, max: 2 }],
  ['hh', { kind: 'num', field: 'h', min: 2, max: 2 }],
  ['h', { kind: 'num', field: 'h', min: 1, max: 2 }],
  ['mm', { kind: 'num', field: 'm', min: 2, max: 2 }],
  ['ss', { kind: 'num', field: 's', min: 2, max: 2 }],
  ['a', { kind: 'ampm' }],
];

/** Optional trailing time a format does not mention: ` 13:45`, `T13:45:00.000Z`, ` 1:45 PM`, `+02:00`. */
const TRAILING_TIME =
  /^(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?: ?[AaPp]\.?[Mm]\.?)?(?:Z| ?[+-]\d{2}:?\d{2})?)?$/;

/** A trailing time of the TRAILING_TIME form whose hour, minute and second are in range (T25:99 is not a time). */
function trailingTimeOk(rest: string): boolean {
  if (!TRAILING_TIME.test(rest)) return false;
  const t = /^[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?( ?[AaPp])?/.exec(rest);
  if (!t) return true; // an offset alone
  const hour = +t[1],
    minute = +t[2],
    second = t[3] === undefined ? 0 : +t[3];
  if (t[4] !== undefined ? hour < 1 || hour > 12 : hour > 23) return false;
  return minute <= 59 && second <= 60;
}

export type DayParser = (text: string) => Day | null;

export class DateFormatError extends Error {}

function compileSegments(format: string): Seg[] {
  const segs: Seg[] = [];
  let i = 0;
  while (i < format.length) {
    const tok = TOKENS.find(([t]) => format.startsWith(t, i));
    if (tok) {
      segs.push(tok[1]);
      i += tok[0].length;
    } else {
      const last = segs[segs.length - 1];
      if (last?.kind === 'lit') last.text += format[i];
      else segs.push({ kind: 'lit', text: format[i] });
      i++;
    }
  }
  const has = (f: string) => segs.some((s) => s.kind === 'num' && s.field === f);
  if (!(has('y') || has('yy')) || !has('M') || !has('d')) {
    throw new DateFormatError(
      `date format '${format}' needs a year (yyyy or yy), a month (MM or M) and a day (dd or d)`,
    );
  }
  return segs;
}

/** Compile a format such as `MM/dd/yyyy` into a parser returning a day number or null. */
export function compileDateFormat(format: string): DayParser {
  const segs = compileSegments(format);
  return (text: string): Day | null => {
    const s = text.trim();
    let pos = 0;
    let y = NaN,
      M = NaN,
      d = NaN,
      H = 0,
      h = -1,
      m = 0,
      sec = 0,
      pm = -1;
    for (const seg of segs) {
      if (seg.kind === 'lit') {
        if (!s.startsWith(seg.text, pos)) return null;
        pos += seg.text.length;
      } else if (seg.kind === 'ampm') {
        const two = s.slice(pos, pos + 2).toLowerCase();
        if (two === 'am') pm = 0;
        else if (two === 'pm') pm = 1;
        else return null;
        pos += 2;
      } else {
        let n = 0,
          k = 0;
        while (k < seg.max && pos + k < s.length) {
          const c = s.charCodeAt(pos + k) - 48;
          if (c < 0 || c > 9) break;
          n = n * 10 + c;
          k++;
        }
        if (k < seg.min) return null;
        pos += k;
        switch (seg.field) {
          case 'y':
            y = n;
            break;
          case 'yy':
            y = n < 69 ? 2000 + n : 1900 + n;
            break;
          case 'M':
            M = n;
            break;
          case 'd':
            d = n;
            break;
          case 'H':
            H = n;
            break;
          case 'h':
            h = n;
            break;
          case 'm':
            m = n;
            break;
          case 's':
            sec = n;
            break;
        }
      }
    }
    if (pos < s.length && !trailingTimeOk(s.slice(pos))) return null;
    if (h >= 0 && (h < 1 || h > 12)) return null;
    if (pm >= 0 && h < 0 && H > 12) return null;
    if (H > 23 || m > 59 || sec > 60) return null;
    if (!isValidCivil(y, M, d)) return null;
    return dayFromCivil(y, M, d);
  };
}

/**
 * The default: ISO `yyyy-MM-dd`, optionally followed by a time part after a
 * space or `T` (ignored). A fast path for the common case.
 */
export const parseIsoDate: DayParser = (() => {
  const general = compileDateFormat('yyyy-MM-dd');
  return (text: string): Day | null => {
    if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
      let y = 0,
        M = 0,
        d = 0;
      for (let i = 0; i < 10; i++) {
        if (i === 4 || i === 7) continue;
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return null;
        if (i < 4) y = y * 10 + c;
        else if (i < 7) M = M * 10 + c;
        else d = d * 10 + c;
      }
      return isValidCivil(y, M, d) ? dayFromCivil(y, M, d) : null;
    }
    return general(text);
  };
})();

/** A parser that tries each format in order; ISO default when `formats` is null. */
export function dayParser(formats: string[] | null): DayParser {
  if (!formats) return parseIsoDate;
  const parsers = formats.map(compileDateFormat);
  if (parsers.length === 1) return parsers[0];
  return (text) => {
    for (const p of parsers) {
      const day = p(text);
      if (day !== null) return day;
    }
    return null;
  };
}
