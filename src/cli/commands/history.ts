/**
 * ipvi history — one person's timeline: incidents, notifications and each
 * level change with the rule that caused it.
 */
import { Command } from 'commander';
import { personHistory } from '../../classify/timeline.js';
import { UsageError } from '../../errors.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, type DataOptions, type OutputOptions } from '../options.js';

interface HistoryOptions extends DataOptions, OutputOptions {
  person: string;
}

export function historyCommand(): Command {
  const cmd = new Command('history')
    .description("one person's timeline: incidents, notifications and each level change with its rule")
    .requiredOption('--person <id>', 'the person (suspect_id / person_id, exactly as in the export: 007 is not 7)');
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ipvi history --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --person 007
  $ ipvi history --incidents export.csv --notifications notes.csv --config agency.yaml --person P-1234 --format md`,
  );
  cmd.action(async (opts: HistoryOptions) => {
    const a = await prepareAnalysis(opts);
    // trimmed like the IDs in the data
    const person = opts.person.trim();
    const p = a.dataset.persons.get(person);
    const excluded = a.result.log.excludedText(person);
    if (excluded && (p === undefined || !a.dataset.incidents.person.includes(p))) {
      throw new UsageError(
        `person '${person}' has ${excluded}`,
        'list the relationship value under incidents.ipv_relationships if it is an intimate partner',
      );
    }
    if (p === undefined) {
      throw new UsageError(
        `person '${person}' is not in the data`,
        'IDs are exact strings: check leading zeros and spaces',
      );
    }
    const { charges, nullValues } = a.config.incidents;
    // under --pseudonymize the export's offense text is withheld (free text; writeTable notes it)
    const table = personHistory(
      a.dataset,
      a.index,
      a.ruleSet,
      p,
      a.labels.victim,
      a.labels.incident,
      charges && { codes: charges, nullValues },
      !opts.pseudonymize,
    );
    table.title = `History of ${a.labels.person(p)}`;
    await writeTable(
      table,
      opts,
      a,
      'history',
      { person: a.labels.person(p) },
      { compact: ['date', 'event', 'incident_id', 'victim_id', 'level', 'detail', 'rule'] },
    );
  });
  return cmd;
}
