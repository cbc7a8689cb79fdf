/**
 * What every analysis command shares: read the data through the one read
 * path, compile the rules, index by person, choose ID labels (raw or
 * pseudonymised), and write the result Table with its provenance. An
 * analysis's own command is built from its descriptor (src/analyses/).
 */
import { Command, Option } from 'commander';
import {
  analysisOptions,
  optionsOf,
  specFor,
  type AnalysisDescriptor,
  type AnalysisSpec,
  type OptionDef,
} from '../analyses/index.js';
import type { LoadedData } from '../analyses/types.js';
import { buildPersonIndex, type PersonIndex } from '../classify/person-index.js';
import { CarriedNameClash, carriedNames, withCarried } from '../classify/carried.js';
import { prepareClassification, withOverrideTextWithheld } from '../classify/ruleset.js';
import type { RuleSet } from '../classify/classify.js';
import type { Dataset, Table } from '../model.js';
import { periodPastData } from '../analyses/data-dates.js';
import { parseIsoDay, parseMonth } from '../dates.js';
import { readKeyFile } from '../io/key-file.js';
import { provenance } from '../io/provenance.js';
import { makeLabels } from '../report/pseudonym.js';
import { renderChunks, textWidths } from '../report/render.js';
import { COMPACT_LABELS, compactView, parseColumnList, selectColumns } from '../report/view.js';
import { renderXlsx, type Sheet } from '../report/xlsx.js';
import { ConfigError, UsageError } from '../errors.js';
import { readData } from './data.js';
import { shownPath } from '../io/shown-path.js';
import { addDataOptions, addOutputOptions, type DataOptions, type OutputOptions } from './options.js';
import { emit } from './output.js';
import { stderr } from './terminal.js';

import { outputTargetKind } from '../io/output-guard.js';
import { visible } from '../io/terminal-safe.js';

export { provenance };

export interface Analysis extends LoadedData {
  ruleSet: RuleSet;
  index: PersonIndex;
  labels: { person: (p: number) => string; victim: (v: number) => string; incident: (i: number) => string };
}

export async function prepareAnalysis(opts: DataOptions & Partial<OutputOptions>): Promise<Analysis> {
  if (opts.pseudonymize && opts.rejects) {
    throw new UsageError(
      '--rejects cannot be combined with --pseudonymize: the rejects file keeps whole raw rows, IDs included',
      'run ipvi validate --rejects FILE separately, in a private place, to see the rejected rows',
    );
  }
  const key = opts.pseudonymize ? readKeyFile(opts.pseudonymize, (m) => stderr.warn(m)) : undefined;
  const data = await readData(opts, { redact: Boolean(key) });
  // the warnings about overrides for unknown IDs quote person IDs: with --pseudonymize only their file and line are shown
  const warn = key
    ? (m: string) =>
        stderr.warn(
          `${m.split(': override')[0]}: an override names a person_id with no incident in the data (the message is withheld: it quotes IDs, and --pseudonymize is on; run without it, in a private place, to see it)`,
        )
    : (m: string) => stderr.warn(m);
  const prepared = prepareClassification(data.config, data.dataset, warn);
  const { dataset } = prepared;
  // free text an analyst typed (override reason, analyst) can name people: never in a pseudonymised output
  const ruleSet = key ? withOverrideTextWithheld(prepared.ruleSet) : prepared.ruleSet;
  const index = buildPersonIndex(dataset);
  const labels = makeLabels(dataset.persons, dataset.victims, key, dataset.incidentIds);
  return { ...data, dataset, ruleSet, index, labels };
}

/** How a list is shown: its compact terminal columns, and (xlsx) the sheets to write instead of the one table. */
export interface ListView {
  /** the columns a terminal shows by default (--wide shows all) */
  compact?: readonly string[];
  /** further columns a wider terminal shows, most wanted first, each added while it fits in full */
  more?: readonly string[];
  /** xlsx: these sheets (e.g. the tier list and the outreach list); default: the table alone */
  sheets?: Sheet[];
}

/** Said once under every pseudonymised table. */
export const PSEUDONYMIZED_NOTE =
  '--pseudonymize: IDs are keyed pseudonyms; free text that can name people (override reasons and analysts, offense text) is withheld';
/** The width a terminal table is fitted to. */
const terminalWidth = (): number => Math.max(20, process.stdout.columns || 80);

/** Is the table going to a terminal (stdout, a TTY, text format)? */
function toTerminal(opts: OutputOptions): boolean {
  return opts.format === 'table' && (!opts.output || opts.output === '-') && Boolean(process.stdout.isTTY);
}

/**
 * Render a Table in the chosen format and write it (stdout or -o,
 * atomically; missing folders are made). `--columns` picks columns in every
 * format; on a terminal a list shows its compact columns fitted to the width
 * unless --wide. Provenance records the options that shaped the output; beside
 * a file it is FILE.provenance.json (in json: a field; in xlsx: the Notes
 * sheet). `--notes` with CSV writes FILE.notes.txt. Returns the provenance.
 */
export async function writeTable(
  listed: Table,
  opts: OutputOptions & DataOptions,
  a: LoadedData,
  command: string,
  options: Record<string, unknown>,
  view: ListView = {},
) {
  const carry = carrier(a, Boolean(opts.pseudonymize));
  const table = carry(listed);
  const compact = view.compact && withCarriedCompact(view.compact, a);
  const columns = opts.columns === undefined ? undefined : parseColumnList(opts.columns);
  const shaped = {
    ...options,
    ...(columns ? { columns } : {}),
    ...(opts.wide ? { wide: true } : {}),
    ...(opts.bom ? { bom: true } : {}),
  };
  const prov = provenance(a, command, shaped);
  const inputs = [opts.incidents, opts.notifications, opts.config, opts.rules, opts.pseudonymize];
  let shown = columns ? selectColumns(table, columns) : table;
  if (opts.pseudonymize) shown = { ...shown, notes: [...shown.notes, PSEUDONYMIZED_NOTE] };
  const terminal = toTerminal(opts);
  if (terminal && !opts.wide && !columns && compact) {
    shown = compactView(shown, compact, COMPACT_LABELS, {
      more: view.more ?? [],
      maxWidth: terminalWidth(),
      widths: textWidths,
    });
    shown.notes = [
      ...shown.notes,
      `${shown.columns.length} of ${table.columns.length} columns shown on this terminal: --wide shows all, --columns picks; files and pipes get every column`,
    ];
  }
  if (opts.format === 'xlsx') {
    if (!opts.output || opts.output === '-') {
      if (process.stdout.isTTY)
        throw new UsageError('--format xlsx writes a binary workbook', 'give the file to write: -o FILE.xlsx');
    }
    const sheets = (view.sheets ?? [{ name: listed.title ?? command, table: listed }]).map((sh) =>
      sh.table === listed ? { ...sh, table: shown } : { ...sh, table: carry(sh.table) },
    );
    let bytes: Uint8Array;
    try {
      bytes = await renderXlsx(sheets, prov);
    } catch (e) {
      if (e instanceof RangeError)
        throw new UsageError(e.message, 'write CSV instead (--format csv), or filter the list');
      throw e;
    }
    emit(bytes, opts.output, inputs);
    return prov;
  }
  const text = renderChunks(shown, opts.format, {
    safeCsv: opts.safeCsv !== false,
    jsonExtra: { provenance: prov },
    bom: opts.bom && opts.format === 'csv',
    maxWidth: terminal && !opts.wide ? terminalWidth() : undefined,
  });
  const stream = opts.output !== undefined && opts.output !== '-' && outputTargetKind(opts.output) === 'stream';
  emit(text, opts.output, inputs);
  const toFile = opts.output && opts.output !== '-' && !stream;
  if (stream && opts.format !== 'json') {
    stderr.info(
      `no provenance file is written beside ${opts.output} (a device or pipe); --format json carries it inline`,
    );
  } else if (toFile && opts.format !== 'json') {
    emit(JSON.stringify(prov, null, 2) + '\n', `${opts.output}.provenance.json`, inputs);
  }
  if (opts.notes && opts.format === 'csv') {
    // the title and notes can carry a config name or a path: control and bidi characters as escapes, as in every text output
    const notes = [...(table.title ? [table.title, ''] : []), ...shown.notes.map((n) => `note: ${n}`), '']
      .map((line) => visible(line))
      .join('\n');
    if (toFile) emit(notes, `${opts.output}.notes.txt`, inputs);
    else stderr.write(notes);
  }
  return prov;
}

/**
 * The carried columns (config `carry:`) added to a list (src/classify/carried.ts);
 * a carried name that clashes with a column of the list is a config error.
 */
function carrier(a: LoadedData, pseudonymized: boolean): (t: Table) => Table {
  if (carriedNames(a.dataset).length === 0) return (t) => t;
  let index: PersonIndex | undefined = 'index' in a ? (a as Analysis).index : undefined;
  return (t) => {
    if (!t.subjects) return t;
    index ??= buildPersonIndex(a.dataset);
    try {
      return withCarried(t, a.dataset, index, pseudonymized);
    } catch (e) {
      if (!(e instanceof CarriedNameClash)) throw e;
      throw new ConfigError(
        `carry: ${e.message}`,
        a.config.file && shownPath(a.config.file),
        undefined,
        undefined,
        `give it another name under carry: (the list's columns: ${e.columns.join(', ')})`,
      );
    }
  };
}

/**
 * A list's compact terminal columns with the carried ones: the first (a name, as a rule) after person_id,
 * the others at the end, shown when the terminal has room (columns that do not fit are dropped from the right).
 */
function withCarriedCompact(compact: readonly string[], a: LoadedData): readonly string[] {
  const [first, ...rest] = carriedNames(a.dataset);
  const at = compact.indexOf('person_id');
  if (first === undefined || at < 0) return compact;
  return [...compact.slice(0, at + 1), first, ...compact.slice(at + 1), ...rest];
}

/** The long flag of an option ('--follow-up <months>' → '--follow-up'), for messages. */
export const longFlag = (def: OptionDef): string => new Option(def.flags).long ?? def.flags;

/** The commander option of a descriptor's option (`help` replaces its help text, e.g. the report's). */
export function commanderOption(def: OptionDef, help = def.help): Option {
  const o = new Option(def.flags, help);
  if (def.choices) o.choices([...def.choices]);
  const d = def.default;
  if (d !== undefined && d !== false && !(Array.isArray(d) && d.length === 0))
    o.default(Array.isArray(d) ? d.join(',') : typeof d === 'number' ? String(d) : d);
  if (def.required) o.makeOptionMandatory();
  return o;
}

/** The typed values of `defs` from commander's parsed options (checked: a bad value is a UsageError). */
export function parseOptionValues(defs: OptionDef[], opts: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const def of defs) values[def.name] = def.parse(opts[new Option(def.flags).attributeName()], longFlag(def));
  return values;
}

/**
 * The warnings for the month and date options among `defs` (`--month 2024-03`,
 * `--launch …`) whose period lies past the data (docs/methods.md#dates-past-the-data).
 */
export function optionDatesPastData(ds: Dataset, defs: OptionDef[], values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const def of defs) {
    const month = def.flags.includes('<yyyy-MM>');
    if (!month && !def.flags.includes('<date>')) continue;
    for (const v of [values[def.name]].flat()) {
      if (typeof v !== 'string') continue;
      const m = month ? parseMonth(v) : null;
      const day = month ? null : parseIsoDay(v);
      const w = m
        ? periodPastData(ds, `${longFlag(def)} ${v}`, m.first, m.last)
        : day !== null
          ? periodPastData(ds, `${longFlag(def)} ${v}`, day)
          : undefined;
      if (w) out.push(w);
    }
  }
  return out;
}

/**
 * Say each date-past-the-data warning where a scheduled job sees it: on stderr
 * ("warning: …") and among the table's notes (every output format carries them).
 */
export function warnPastData(warnings: (string | undefined)[], table?: Table): void {
  for (const w of warnings) {
    if (!w) continue;
    stderr.warn(w);
    table?.notes.push(w);
  }
}

/** What an analysis command returns: the table it printed and the provenance it carried. */
export interface AnalysisRun {
  spec: AnalysisSpec;
  table: Table;
  provenance: ReturnType<typeof provenance>;
}

/**
 * Run an analysis command with commander's parsed options: check them, read
 * the data, call the pure function, print (or write -o), and return the data.
 */
export async function runAnalysisCommand(
  d: AnalysisDescriptor,
  opts: DataOptions & OutputOptions & Record<string, unknown>,
): Promise<AnalysisRun> {
  const spec = specFor(d, parseOptionValues(optionsOf(d), opts));
  const a = await prepareAnalysis(opts);
  const table = d.run({ dataset: a.dataset, index: a.index, ruleSet: a.ruleSet, config: a.config }, spec.options);
  warnPastData(optionDatesPastData(a.dataset, optionsOf(d), spec.options), table);
  const prov = await writeTable(table, opts, a, d.kind, analysisOptions(spec));
  return { spec, table, provenance: prov };
}

/** `ipvi <kind>`: the command of an analysis, from its descriptor. */
export function analysisCommand(d: AnalysisDescriptor): Command {
  if (!d.command) throw new RangeError(`the analysis ${d.kind} has no command of its own`);
  const cmd = new Command(d.kind).description(d.command.description);
  for (const def of optionsOf(d)) cmd.addOption(commanderOption(def));
  addDataOptions(cmd, { notifications: d.command.notifications });
  addOutputOptions(cmd);
  cmd.addHelpText('after', d.command.help);
  cmd.action(async (opts: DataOptions & OutputOptions & Record<string, unknown>) => {
    await runAnalysisCommand(d, opts);
  });
  return cmd;
}
