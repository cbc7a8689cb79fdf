/**
 * Calendar-day arithmetic with no time zone: a day is an integer count of days
 * since 1970-01-01 on the proleptic Gregorian calendar. No `Date` object is
 * involved, so results never depend on the machine's TZ.
 *
 * Algorithms: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (days_from_civil / civil_from_days).
 */
import type { Day } from './model.js';

export function dayFromCivil(y: number, m: number, d: number): Day {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDay(z: Day): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: m <= 2 ? y + 1 : y, m, d };
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : MONTH_DAYS[m - 1];
}

export function isValidCivil(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Calendar month arithmetic clamped to the month's last day (docs/methods.md#prepost):
 * addMonths(2020-03-31, -1) = 2020-02-29; addMonths(2019-02-28, 12) = 2020-02-28.
 */
export function addMonths(day: Day, months: number): Day {
  const { y, m, d } = civilFromDay(day);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return dayFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/** ISO yyyy-MM-dd. */
export function formatDay(day: Day): string {
  const { y, m, d } = civilFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Parse a strict ISO `yyyy-MM-dd` (as used by options such as --as-of); null when invalid. */
export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const y = +m[1],
    mo = +m[2],
    d = +m[3];
  return isValidCivil(y, mo, d) ? dayFromCivil(y, mo, d) : null;
}

/** Parse `yyyy-MM`; returns the first and last day of that month, or null. */
export function parseMonth(text: string): { first: Day; last: Day; y: number; m: number } | null {
  const mt = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!mt) return null;
  const y = +mt[1],
    m = +mt[2];
  if (m < 1 || m > 12) return null;
  return { first: dayFromCivil(y, m, 1), last: dayFromCivil(y, m, daysInMonth(y, m)), y, m };
}

/** The last day of the month before the month containing `day`. */
export function endOfPreviousMonth(day: Day): Day {
  const { y, m } = civilFromDay(day);
  return dayFromCivil(y, m, 1) - 1;
}

/** First day of the month containing `day`. */
export function startOfMonth(day: Day): Day {
  const { y, m } = civilFromDay(day);
  return dayFromCivil(y, m, 1);
}

/**
 * The last complete month of the data (yyyy-MM): the month of `coverageEnd`
 * when the coverage ends on its last day, else the month before. The one
 * default month of `ipvi tiers`, `ipvi report` and the batch report
 * (docs/methods.md#tier-list), so the chief's figures and the analyst's list
 * are of the same month.
 *
 * @example
 * lastCompleteMonth(parseIsoDay('2024-06-28')!); // '2024-05'
 * lastCompleteMonth(parseIsoDay('2024-06-30')!); // '2024-06'
 */
export function lastCompleteMonth(coverageEnd: Day): string {
  const next = coverageEnd + 1;
  return monthLabel(startOfMonth(next) === next ? coverageEnd : endOfPreviousMonth(coverageEnd));
}

/** What a command says when it chose the month itself: "--month not given: using 2024-05, the last complete month of the data (coverage ends 2024-06-28)". */
export function defaultMonthNote(coverageEnd: Day): string {
  return `--month not given: using ${lastCompleteMonth(coverageEnd)}, the last complete month of the data (coverage ends ${formatDay(coverageEnd)})`;
}

/** `yyyy-MM` label of the month containing `day`. */
export function monthLabel(day: Day): string {
  const { y, m } = civilFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}`;
}

/** Today's calendar date in UTC (only the CLI layer may call this). */
export function todayUtc(now: Date = new Date()): Day {
  return dayFromCivil(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
}
