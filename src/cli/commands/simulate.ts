/**
 * ipvi simulate — generate synthetic DIR and notification exports.
 *
 * Writes DIR/incidents.csv and DIR/notifications.csv (canonical columns),
 * DIR/README.txt, and with --messy DIR/messy/{incidents.csv,
 * notifications.csv, config.yaml} in an agency's export style. The same seed
 * and options always give the same files. The model: docs/commands/simulate.md.
 */
import { Command } from 'commander';
import { formatDay } from '../../dates.js';
import { UsageError } from '../../errors.js';
import { MODEL } from '../../simulate/generate.js';
import { writeSimulation, type WriteSimulationResult } from '../../simulate/write.js';
import { optionalDay, positiveInt, seedOption } from '../options.js';
import { stderr } from '../terminal.js';
import { VERSION } from '../../io/version.js';

export interface SimulateCliOptions {
  persons: string;
  seed: string;
  out: string;
  start: string;
  end: string;
  launch?: string;
  effect?: string;
  messy?: boolean;
}

function effectOption(value: string | undefined): number {
  if (value === undefined) return MODEL.effect;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(
      `--effect '${value}' must be a number above 0`,
      'e.g. --effect 0.5 halves the re-offending hazard after notification; 1 means no effect',
    );
  }
  return n;
}

/** The command line that reproduces a run (recorded in README.txt). */
export function simulateCommandLine(o: {
  persons: number;
  seed: number;
  start: number;
  end: number;
  launch?: number;
  effect: number;
  messy: boolean;
  out: string;
}): string {
  const q = (s: string) => (/^[\w./@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [
    'ipvi simulate',
    `--persons ${o.persons}`,
    `--seed ${o.seed}`,
    `--start ${formatDay(o.start)}`,
    `--end ${formatDay(o.end)}`,
    ...(o.launch !== undefined ? [`--launch ${formatDay(o.launch)}`] : []),
    ...(o.effect !== MODEL.effect ? [`--effect ${o.effect}`] : []),
    ...(o.messy ? ['--messy'] : []),
    `--out ${q(o.out)}`,
  ].join(' ');
}

export function simulateCommand(): Command {
  const cmd = new Command('simulate')
    .description(
      'generate synthetic incident (DIR) and notification exports from a seeded model of IPVI, for tests, demos and benchmarks',
    )
    .requiredOption('--persons <n>', 'number of persons (people who harm) to generate; about 2.4 incident rows each')
    .requiredOption('--seed <n>', 'random seed, a whole number; the same seed gives the same files')
    .requiredOption('--out <dir>', 'folder to write into (created when missing; files in it are replaced)')
    .option('--start <date>', 'first day of the period, yyyy-MM-dd', '2019-01-01')
    .option('--end <date>', 'last day of the period, yyyy-MM-dd', '2023-12-31')
    .option(
      '--launch <date>',
      'program launch, yyyy-MM-dd: only incidents from then on lead to notifications (default: the start)',
    )
    .option(
      '--effect <ratio>',
      `re-offending hazard ratio after a person's first notification; 1 = no effect (default ${MODEL.effect})`,
    )
    .option('--messy', 'also write messy/: the same data in an agency export style, with the config that reads it');
  cmd.addHelpText(
    'after',
    `
Writes DIR/incidents.csv, DIR/notifications.csv and DIR/README.txt; with
--messy also DIR/messy/incidents.csv, DIR/messy/notifications.csv and
DIR/messy/config.yaml. The data is synthetic; the model and its rates are in
docs/commands/simulate.md.

Exit codes: 0 written; 2 usage error (bad option, folder not writable).

Examples:
  $ ipvi simulate --persons 1500 --seed 42 --launch 2020-01-01 --messy --out fixtures/demo
  $ ipvi simulate --persons 400000 --seed 1 --out /tmp/bench-1m
  $ ipvi simulate --persons 2000 --seed 7 --effect 1 --out /tmp/no-effect
  $ ipvi validate --incidents fixtures/demo/messy/incidents.csv --config fixtures/demo/messy/config.yaml`,
  );
  cmd.action(async (opts: SimulateCliOptions) => {
    await runSimulate(opts);
  });
  return cmd;
}

/** The action: coerce the options, generate and write, print a one-line summary; returns what was written. */
export async function runSimulate(opts: SimulateCliOptions): Promise<WriteSimulationResult> {
  const persons = positiveInt(opts.persons, '--persons', 1);
  if (persons > 0xffffffff) throw new UsageError(`--persons ${persons} is too many (at most 4294967295)`);
  const seed = seedOption(opts.seed, '--seed');
  const start = optionalDay(opts.start, '--start')!;
  const end = optionalDay(opts.end, '--end')!;
  if (start > end)
    throw new UsageError(`--start ${opts.start} is after --end ${opts.end}`, 'swap them, or pick a later --end');
  const launch = optionalDay(opts.launch, '--launch');
  const effect = effectOption(opts.effect);
  const messy = Boolean(opts.messy);
  const commandLine = simulateCommandLine({ persons, seed, start, end, launch, effect, messy, out: opts.out });
  const result = await writeSimulation({
    persons,
    seed,
    start,
    end,
    launch,
    effect,
    messy,
    out: opts.out,
    commandLine,
    version: VERSION,
  });
  const s = result.summary;
  stderr.info(
    `simulate: ${s.persons} persons (+${s.coSuspects} second suspects), ${s.incidentRows} incident rows, ${s.notificationRows} notifications; ` +
      `wrote ${result.files.join(', ')}`,
  );
  return result;
}
