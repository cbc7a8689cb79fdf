/**
 * ipvi classify — every person's level as of a date, with the reason.
 *
 * Usage: ipvi classify --incidents F [--notifications F] --as-of yyyy-MM-dd
 *          [--config F] [--rules F] [--format table|csv|json|md] [-o FILE]
 *
 * One row per person with a level: person_id, level, reason, the features
 * the fired rule used, first and last incident dates, last notification.
 */
import { Command } from 'commander';
import { explainPerson, OVERRIDE_RULE } from '../../classify/classify.js';
import { FEATURE_INDEX, FeatureComputer } from '../../classify/features.js';
import { describeRules } from '../../classify/ruleset.js';
import { lastNotification } from '../../classify/tier-list.js';
import { formatDay } from '../../dates.js';
import { NO_DAY, levelName, type Table } from '../../model.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, requiredDay, type DataOptions, type OutputOptions } from '../options.js';

interface ClassifyOptions extends DataOptions, OutputOptions {
  asOf: string;
}

export function classifyCommand(): Command {
  const cmd = new Command('classify')
    .description('assign every person who harms to level D, C, B or A as of a date, and say why')
    .requiredOption('--as-of <date>', 'classify as of this day, yyyy-MM-dd (incidents and notifications after it are not seen)');
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi classify --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --as-of 2023-06-30
  $ ipvi classify --incidents export.csv --config agency.yaml --as-of 2023-06-30 --format csv -o levels.csv
  $ ipvi classify --incidents export.csv --rules rules/points-example.yaml --as-of 2023-06-30 --format json`);
  cmd.action(async (opts: ClassifyOptions) => {
    const T = requiredDay(opts.asOf, '--as-of');
    const a = await prepareAnalysis(opts);
    const { dataset: ds, index: idx, ruleSet, labels } = a;
    const fc = new FeatureComputer(ds, idx, ruleSet.features);
    // every feature any rule refers to, plus the incident count: the same columns for every person
    const featureCols = [...new Set(['incidents', ...ruleSet.rules.flatMap((r) => r.expr.features)])];
    const rows: Table['rows'] = [];
    const counts = { A: 0, B: 0, C: 0, D: 0 } as Record<string, number>;
    for (let p = 0; p < idx.persons; p++) {
      const res = explainPerson(ds, idx, ruleSet, p, T, fc);
      if (!res.level) continue;
      const lv = levelName(res.level);
      counts[lv]++;
      const [nl, nd] = lastNotification(ds, idx, p, T);
      const first = res.incidents.length ? ds.incidents.day[res.incidents[0]] : NO_DAY;
      const last = res.incidents.length ? ds.incidents.day[res.incidents[res.incidents.length - 1]] : NO_DAY;
      rows.push({
        person_id: labels.person(p),
        level: lv,
        rule: res.ruleIndex === OVERRIDE_RULE ? 'override' : ruleSet.rules[res.ruleIndex].name,
        reason: res.reason,
        ...Object.fromEntries(featureCols.map((f) => [f, fc.values[FEATURE_INDEX[f]]])),
        first_incident_date: first === NO_DAY ? '' : formatDay(first),
        last_incident_date: last === NO_DAY ? '' : formatDay(last),
        last_notified_level: levelName(nl),
        last_notified_date: nd === NO_DAY ? '' : formatDay(nd),
        _order: res.level,
      });
    }
    rows.sort((x, y) => (y._order as number) - (x._order as number) || (x.person_id! < y.person_id! ? -1 : x.person_id! > y.person_id! ? 1 : 0));
    for (const r of rows) delete r._order;
    const table: Table = {
      title: `IPVI levels as of ${formatDay(T)}`,
      columns: [
        { key: 'person_id' }, { key: 'level' }, { key: 'rule' }, { key: 'reason' },
        ...featureCols.map((f) => ({ key: f, kind: 'number' as const })),
        { key: 'first_incident_date', kind: 'date' }, { key: 'last_incident_date', kind: 'date' },
        { key: 'last_notified_level' }, { key: 'last_notified_date', kind: 'date' },
      ],
      rows,
      notes: [
        `as of ${formatDay(T)}: only incidents and notifications dated on or before it are seen (DEFINITIONS §3)`,
        'feature columns: the values every rule refers to, as of the date (docs/config.md defines each)',
        `levels: A ${counts.A}, B ${counts.B}, C ${counts.C}, D ${counts.D}; ${rows.length} persons`,
        ...describeRules(a.config),
      ],
      meta: { as_of: formatDay(T), counts },
    };
    writeTable(table, opts, a, 'classify', { as_of: formatDay(T) });
  });
  return cmd;
}
