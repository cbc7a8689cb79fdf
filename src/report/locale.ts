/**
 * How the report shows dates, numbers and file names to its readers: calendar
 * days as dates in the agency's locale (`--locale`, default en-US), the
 * generation time with its time zone named, counts with the locale's digit
 * grouping, and input files by a name relative to where the command ran
 * (never an absolute path, never a home folder or user name).
 */
import { civilFromDay } from '../dates.js';
import { relativePath } from '../io/provenance.js';
import type { Day } from '../model.js';

export interface ReportView {
  /** a BCP 47 tag, e.g. en-US, en-GB, es-US */
  locale: string;
  /** IANA time zone the generation time is shown in (named beside it), e.g. America/New_York or UTC */
  timeZone: string;
  /** the folder the command ran in: file names are shown relative to it */
  cwd: string;
  /** add the provenance record as JSON at the end */
  appendix: boolean;
}

export const DEFAULT_LOCALE = 'en-US';

/** The view for `locale` in the machine's own time zone (what `ipvi report` uses). */
export function defaultView(cwd: string, locale = DEFAULT_LOCALE, appendix = false): ReportView {
  return { locale, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', cwd, appendix };
}

/** The canonical form of a locale tag; throws RangeError when it is not one. */
export function checkLocale(tag: string): string {
  const [canonical] = Intl.getCanonicalLocales(tag);
  if (!canonical) throw new RangeError(`'${tag}' is not a locale`);
  return canonical;
}

/** A calendar day as a date in the locale ("December 31, 2023"; en-GB "31 December 2023"). Never shifted by a time zone. */
export function showDay(day: Day, locale: string): string {
  const { y, m, d } = civilFromDay(day);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** A month as the locale names it ("December 2023"). */
export function showMonth(day: Day, locale: string): string {
  const { y, m } = civilFromDay(day);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

/** An instant (an ISO timestamp) as a date and time in `timeZone`, the zone named ("November 29, 2026 at 6:34 PM UTC"). */
export function showInstant(iso: string, view: Pick<ReportView, 'locale' | 'timeZone'>): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return (
    new Intl.DateTimeFormat(view.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: view.timeZone }).format(t) +
    ` ${zoneName(t, view)}`
  );
}

/** The time zone's name as the reader knows it: its long name in the locale, e.g. "Eastern Standard Time", or "UTC". */
function zoneName(t: Date, view: Pick<ReportView, 'locale' | 'timeZone'>): string {
  if (view.timeZone === 'UTC' || view.timeZone === 'Etc/UTC') return 'UTC';
  const part = new Intl.DateTimeFormat(view.locale, { timeZone: view.timeZone, timeZoneName: 'long' })
    .formatToParts(t)
    .find((p) => p.type === 'timeZoneName');
  return `(${part?.value ?? view.timeZone})`;
}

/** A count with the locale's digit grouping ("1,320"). */
export function showCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** A number with fixed decimals in the locale ("0.41"). */
export function showNumber(n: number, decimals: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** A proportion as a percent with one decimal in the locale ("46.7%"). */
export function showPercent(p: number, locale: string, decimals = 1): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(p);
}

/** A file as the report names it: relative to `cwd` when inside it, else its base name (src/io/provenance.ts). */
export const showPath = relativePath;
