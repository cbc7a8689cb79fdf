/**
 * What every analysis command shares: read the data through the one read
 * path, compile the rules, index by person, choose ID labels (raw or
 * pseudonymised), and write the result Table with its provenance.
 */
import { buildPersonIndex, type PersonIndex } from '../classify/person-index.js';
import { buildRuleSet } from '../classify/ruleset.js';
import type { RuleSet } from '../classify/classify.js';
import { formatDay } from '../dates.js';
import type { Dataset, Table } from '../model.js';
import { makeLabels, readKeyFile } from '../report/pseudonym.js';
import { renderChunks } from '../report/render.js';
import { readData, type LoadedData } from './data.js';
import type { DataOptions, OutputOptions } from './options.js';
import { emit } from './output.js';
import { VERSION } from './version.js';

export interface Analysis extends LoadedData {
  ruleSet: RuleSet;
  index: PersonIndex;
  labels: { person: (p: number) => string; victim: (v: number) => string };
}

export async function prepareAnalysis(opts: DataOptions & Partial<OutputOptions>): Promise<Analysis> {
  const key = opts.pseudonymize ? readKeyFile(opts.pseudonymize) : undefined;
  const data = await readData(opts);
  const ruleSet = buildRuleSet(data.config, data.dataset);
  const index = buildPersonIndex(data.dataset);
  const labels = makeLabels(data.dataset.persons, data.dataset.victims, key);
  return { ...data, ruleSet, index, labels };
}

/** Provenance carried by (or beside) every output file. */
export function provenance(a: LoadedData, command: string, options: Record<string, unknown>, now = new Date()) {
  const ds: Dataset = a.dataset;
  return {
    tool: 'ipvi',
    version: VERSION,
    command,
    options,
    inputs: {
      incidents: { path: ds.files.incidents.path, sha256: ds.files.incidents.sha256, bytes: ds.files.incidents.bytes },
      ...(ds.files.notifications ? { notifications: { path: ds.files.notifications.path, sha256: ds.files.notifications.sha256, bytes: ds.files.notifications.bytes } } : {}),
    },
    config: { path: a.config.file ?? null, hash: a.config.hash, rules: a.config.rulesSource },
    coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end), start_source: ds.coverage.startSource, end_source: ds.coverage.endSource },
    rows: ds.counts,
    generated_at: now.toISOString(),
  };
}

/** Render a Table in the chosen format and write it (stdout or -o, atomically). */
export function writeTable(table: Table, opts: OutputOptions & DataOptions, a: LoadedData, command: string, options: Record<string, unknown>): void {
  const prov = provenance(a, command, options);
  const inputs = [opts.incidents, opts.notifications, opts.config, opts.rules, opts.pseudonymize];
  const text = renderChunks(table, opts.format, {
    safeCsv: opts.safeCsv !== false,
    jsonExtra: { provenance: prov },
  });
  emit(text, opts.output, inputs);
  if (opts.output && opts.output !== '-' && opts.format !== 'json') {
    emit(JSON.stringify(prov, null, 2) + '\n', `${opts.output}.provenance.json`, inputs);
  }
}
