/**
 * What every analysis command shares: read the data through the one read
 * path, compile the rules, index by person, choose ID labels (raw or
 * pseudonymised), and write the result Table with its provenance. An
 * analysis's own command is built from its descriptor (src/analyses/).
 */
import { Command, Option } from 'commander';
import { analysisOptions, optionsOf, specFor, type AnalysisDescriptor, type AnalysisSpec, type OptionDef } from '../analyses/index.js';
import type { LoadedData } from '../analyses/types.js';
import { buildPersonIndex, type PersonIndex } from '../classify/person-index.js';
import { prepareClassification } from '../classify/ruleset.js';
import type { RuleSet } from '../classify/classify.js';
import type { Table } from '../model.js';
import { readKeyFile } from '../io/key-file.js';
import { provenance } from '../io/provenance.js';
import { makeLabels } from '../report/pseudonym.js';
import { renderChunks } from '../report/render.js';
import { readData } from './data.js';
import { addDataOptions, addOutputOptions, type DataOptions, type OutputOptions } from './options.js';
import { emit } from './output.js';
import { stderr } from './terminal.js';

export { provenance };
import { outputTargetKind } from '../io/output-guard.js';
import { UsageError } from '../errors.js';

export interface Analysis extends LoadedData {
  ruleSet: RuleSet;
  index: PersonIndex;
  labels: { person: (p: number) => string; victim: (v: number) => string; incident: (i: number) => string };
}

export async function prepareAnalysis(opts: DataOptions & Partial<OutputOptions>): Promise<Analysis> {
  if (opts.pseudonymize && opts.rejects) {
    throw new UsageError('--rejects cannot be combined with --pseudonymize: the rejects file keeps whole raw rows, IDs included', 'run ipvi validate --rejects FILE separately, in a private place, to see the rejected rows');
  }
  const key = opts.pseudonymize ? readKeyFile(opts.pseudonymize, (m) => stderr.warn(m)) : undefined;
  const data = await readData(opts, { redact: Boolean(key) });
  // the warnings about overrides for unknown IDs quote person IDs: with --pseudonymize only their file and line are shown
  const warn = key ? (m: string) => stderr.warn(`${m.split(': override')[0]}: an override names a person_id with no incident in the data (the message is withheld: it quotes IDs, and --pseudonymize is on; run without it, in a private place, to see it)`) : (m: string) => stderr.warn(m);
  const { dataset, ruleSet } = prepareClassification(data.config, data.dataset, warn);
  const index = buildPersonIndex(dataset);
  const labels = makeLabels(dataset.persons, dataset.victims, key, dataset.incidentIds);
  return { ...data, dataset, ruleSet, index, labels };
}

/** Render a Table in the chosen format and write it (stdout or -o, atomically). Returns the provenance written. */
export function writeTable(table: Table, opts: OutputOptions & DataOptions, a: LoadedData, command: string, options: Record<string, unknown>) {
  const prov = provenance(a, command, options);
  const inputs = [opts.incidents, opts.notifications, opts.config, opts.rules, opts.pseudonymize];
  const text = renderChunks(table, opts.format, {
    safeCsv: opts.safeCsv !== false,
    jsonExtra: { provenance: prov },
  });
  const stream = opts.output !== undefined && opts.output !== '-' && outputTargetKind(opts.output) === 'stream';
  emit(text, opts.output, inputs);
  if (stream && opts.format !== 'json') {
    stderr.info(`no provenance file is written beside ${opts.output} (a device or pipe); --format json carries it inline`);
  } else if (opts.output && opts.output !== '-' && opts.format !== 'json') {
    emit(JSON.stringify(prov, null, 2) + '\n', `${opts.output}.provenance.json`, inputs);
  }
  return prov;
}

/** The long flag of an option ('--follow-up <months>' → '--follow-up'), for messages. */
export const longFlag = (def: OptionDef): string => new Option(def.flags).long ?? def.flags;

/** The commander option of a descriptor's option (`help` replaces its help text, e.g. the report's). */
export function commanderOption(def: OptionDef, help = def.help): Option {
  const o = new Option(def.flags, help);
  if (def.choices) o.choices([...def.choices]);
  const d = def.default;
  if (d !== undefined && d !== false && !(Array.isArray(d) && d.length === 0)) o.default(Array.isArray(d) ? d.join(',') : typeof d === 'number' ? String(d) : d);
  if (def.required) o.makeOptionMandatory();
  return o;
}

/** The typed values of `defs` from commander's parsed options (checked: a bad value is a UsageError). */
export function parseOptionValues(defs: OptionDef[], opts: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const def of defs) values[def.name] = def.parse(opts[new Option(def.flags).attributeName()], longFlag(def));
  return values;
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
export async function runAnalysisCommand(d: AnalysisDescriptor, opts: DataOptions & OutputOptions & Record<string, unknown>): Promise<AnalysisRun> {
  const spec = specFor(d, parseOptionValues(optionsOf(d), opts));
  const a = await prepareAnalysis(opts);
  const table = d.run({ dataset: a.dataset, index: a.index, ruleSet: a.ruleSet, config: a.config }, spec.options);
  const prov = writeTable(table, opts, a, d.kind, analysisOptions(spec));
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
