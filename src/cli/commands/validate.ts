/**
 * ipvi validate — check an export pair before anyone analyses it.
 *
 * Errors (exit 1): missing required column, unparseable CSV, ragged row, blank
 * required value, bad date, bad boolean, unknown level, duplicate
 * (incident_id, suspect_id). Warnings (exit 0, or 1 with --strict): see
 * docs/commands/validate.md.
 */
import { Command, Option } from 'commander';
import chalk, { Chalk, type ChalkInstance } from 'chalk';
import { formatDay } from '../../dates.js';
import type { LoadResult } from '../../ingest/read.js';
import { addDataOptions, formatFromExtension, type DataOptions } from '../options.js';
import { emit } from '../output.js';
import { formatIssue } from '../../errors.js';
import { visible } from '../../io/terminal-safe.js';
import { loadFromOptions } from '../data.js';

interface ValidateOptions extends DataOptions {
  format: 'text' | 'json' | 'github';
  strict?: boolean;
  output?: string;
  listExcluded?: boolean;
}

/** The machine report: the same facts as the text summary. */
export function validationReport(result: LoadResult, strict: boolean) {
  const { dataset: ds, log } = result;
  const codes = [...log.countsByCode.entries()]
    .map(([code, c]) => ({ code, severity: c.severity, count: c.count }))
    .sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
  const ok = log.errors === 0 && (!strict || log.warnings === 0);
  return {
    ok,
    files: {
      incidents: { path: ds.files.incidents.path, sha256: ds.files.incidents.sha256, rows: ds.counts.incidents },
      ...(ds.files.notifications && ds.counts.notifications
        ? {
            notifications: {
              path: ds.files.notifications.path,
              sha256: ds.files.notifications.sha256,
              rows: ds.counts.notifications,
            },
          }
        : {}),
    },
    persons: ds.persons.size,
    persons_with_incidents: countPersonsWithIncidents(result),
    coverage: {
      start: formatDay(ds.coverage.start),
      end: formatDay(ds.coverage.end),
      start_source: ds.coverage.startSource,
      end_source: ds.coverage.endSource,
    },
    errors: log.errors,
    warnings: log.warnings,
    counts: codes,
    /** facts, not warnings: rows excluded by the IPV filter per relationship value, blank lines, "no value" spellings read as empty */
    notes: log.noteCounts(),
    issues: log.sorted(),
    /** the rows the IPV filter excluded: line and relationship value, no other row contents */
    excluded_rows: log.excludedRows().map((r) => ({ file: ds.files.incidents.path, ...r })),
    issues_truncated: log.truncated,
    issues_shown: { errors: log.errorList.length, warnings: log.warningList.length },
  };
}

function countPersonsWithIncidents(result: LoadResult): number {
  const seen = new Uint8Array(result.dataset.persons.size);
  let n = 0;
  const p = result.dataset.incidents.person;
  for (let i = 0; i < p.length; i++)
    if (!seen[p[i]]) {
      seen[p[i]] = 1;
      n++;
    }
  return n;
}

function githubEscape(s: string): string {
  return visible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function githubProp(s: string): string {
  return githubEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderValidation(
  report: ReturnType<typeof validationReport>,
  format: string,
  color: ChalkInstance = chalk,
  listExcluded = false,
): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  const out: string[] = [];
  if (format === 'github') {
    for (const i of report.issues) {
      const kind = i.severity === 'error' ? 'error' : 'warning';
      const value = i.value !== undefined ? ` (value '${i.value}')` : '';
      out.push(
        `::${kind} file=${githubProp(i.file)},line=${i.line || 1},title=${githubProp(i.code)}::${githubEscape(`${i.column ? `[${i.column}] ` : ''}${i.message}${value}. Fix: ${i.hint ?? ''}`)}`,
      );
    }
  } else {
    for (const i of report.issues) {
      const line = formatIssue(i);
      out.push(i.severity === 'error' ? color.red(line) : color.yellow(line));
    }
    if (report.issues_truncated) {
      out.push(
        `(shown: ${report.issues_shown.errors} of ${report.errors} errors, ${report.issues_shown.warnings} of ${report.warnings} warnings; every error comes first; raise --max-errors to see more)`,
      );
    }
    if (report.issues.length) out.push('');
  }
  const f = report.files;
  const rows = (
    name: string,
    r: { read: number; accepted: number; rejected: number; excluded: number },
    excluded: string,
  ) =>
    `${name}: ${r.read} rows read, ${r.accepted} accepted, ${r.rejected} rejected${r.excluded ? `, ${r.excluded} ${excluded}` : ''}`;
  out.push(rows(`incidents ${visible(f.incidents.path)}`, f.incidents.rows, 'excluded by the IPV filter'));
  if (f.notifications)
    out.push(rows(`notifications ${visible(f.notifications.path)}`, f.notifications.rows, 'repeated (counted once)'));
  out.push(`persons: ${report.persons} (${report.persons_with_incidents} with incidents)`);
  out.push(
    report.persons_with_incidents === 0 && report.coverage.start_source === 'data'
      ? 'coverage: none (no incident was accepted)'
      : `coverage: ${report.coverage.start} to ${report.coverage.end} (${report.coverage.start_source === 'data' && report.coverage.end_source === 'data' ? 'from the data' : 'as set'})`,
  );
  out.push(`errors: ${report.errors}, warnings: ${report.warnings}`);
  for (const c of report.counts) out.push(`  ${c.severity} ${c.code}: ${c.count}`);
  out.push(...noteLines(report.notes));
  if (listExcluded && format !== 'github') {
    out.push(
      report.excluded_rows.length
        ? `rows excluded by the IPV filter (${report.excluded_rows.length}; line: relationship value):`
        : 'rows excluded by the IPV filter: none',
    );
    for (const r of report.excluded_rows) out.push(`  ${r.file}:${r.line}: ${r.relationship}`);
  }
  out.push(
    report.ok
      ? color.green('ok')
      : color.red(report.errors ? 'invalid: fix the errors above' : 'invalid: warnings present (--strict)'),
  );
  return out.join('\n') + '\n';
}

const NOTE_TEXT: Record<string, string> = {
  ipv_excluded: 'excluded by the IPV filter (relationship values)',
  ipv_unfiltered:
    'incidents kept whatever their relationship: incidents.ipv_relationships is not set (docs/config.md#ipv-relationships; relationship values)',
  blank_line: 'all-empty rows skipped as blank lines',
  null_value: 'cells read as "no value" (null_values)',
  duplicate_notification: 'repeated notifications (same person, date and level) counted once',
};

/** The notes as summary lines: "excluded by the IPV filter: Parent 120, Sibling 80". */
export function noteLines(notes: { code: string; value: string; count: number }[]): string[] {
  const byCode = new Map<string, { value: string; count: number }[]>();
  for (const n of notes) {
    const list = byCode.get(n.code) ?? [];
    list.push(n);
    byCode.set(n.code, list);
  }
  return [...byCode].map(([code, list]) => {
    const total = list.reduce((s, n) => s + n.count, 0);
    const values = list.filter((n) => n.value !== '');
    const shown =
      values
        .slice(0, 10)
        .map((n) => `${n.value} ${n.count}`)
        .join(', ') + (values.length > 10 ? `, … (${values.length - 10} more)` : '');
    return `  note ${code}: ${total}${NOTE_TEXT[code] ? ` ${NOTE_TEXT[code]}` : ''}${values.length ? `: ${shown}` : ''}`;
  });
}

/** What a validation report file's extension names (.txt: the text report, or GitHub annotations with --format github). */
export const VALIDATE_EXTENSIONS = {
  '.txt': ['text', 'github'],
  '.log': ['text', 'github'],
  '.json': ['json'],
} as const;

export function validateCommand(): Command {
  const cmd = new Command('validate')
    .description('check incident and notification exports; list every problem with file, line, column and fix')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'github']).default('text'))
    .option('--strict', 'warnings fail too (exit 1)')
    .option(
      '-o, --output <file>',
      'write the report to this file instead of standard output; without --format its extension chooses (.txt text, .json json)',
    )
    .option(
      '--list-excluded',
      'list the rows the IPV relationship filter excluded (line and relationship value only; json always lists them)',
    );
  formatFromExtension(cmd, VALIDATE_EXTENSIONS);
  addDataOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Exit codes: 0 valid; 1 errors (or warnings with --strict); 2 usage or config error.

Examples:
  $ ipvi validate --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv
  $ ipvi validate --incidents export.csv --config agency.yaml --format github
  $ ipvi validate --incidents export.csv --format json --max-errors 50 > report.json
  $ ipvi validate --incidents export.csv --config agency.yaml --list-excluded`,
  );
  cmd.action(async (opts: ValidateOptions) => {
    const { result } = await loadFromOptions(opts);
    const report = validationReport(result, Boolean(opts.strict));
    const toFile = Boolean(opts.output && opts.output !== '-');
    emit(
      renderValidation(report, opts.format, toFile ? new Chalk({ level: 0 }) : chalk, opts.listExcluded),
      opts.output,
      [opts.incidents, opts.notifications, opts.config],
    );
    process.exitCode = report.ok ? 0 : 1;
  });
  return cmd;
}
