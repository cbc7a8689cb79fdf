/**
 * The command registry: main.ts adds each of these; one file per command.
 * Each entry loads its module on demand, so a run imports only the command it
 * runs (the report's charting library, the simulator and the batch runner are
 * not loaded for `ipvi prepost`). Order is the order of `ipvi --help`.
 */
import type { Command } from 'commander';

type Loader = () => Promise<() => Command>;

export const COMMAND_LOADERS: Record<string, Loader> = {
  validate: () => import('./validate.js').then((m) => m.validateCommand),
  init: () => import('./init.js').then((m) => m.initCommand),
  classify: () => import('./classify.js').then((m) => m.classifyCommand),
  tiers: () => import('./tiers.js').then((m) => m.tiersCommand),
  history: () => import('./history.js').then((m) => m.historyCommand),
  alerts: () => import('./alerts.js').then((m) => m.alertsCommand),
  prepost: () => import('./prepost.js').then((m) => m.prepostCommand),
  recidivism: () => import('./recidivism.js').then((m) => m.recidivismCommand),
  survival: () => import('./survival.js').then((m) => m.survivalCommand),
  compare: () => import('./compare.js').then((m) => m.compareCommand),
  trend: () => import('./trend.js').then((m) => m.trendCommand),
  fidelity: () => import('./fidelity.js').then((m) => m.fidelityCommand),
  report: () => import('./report.js').then((m) => m.reportCommand),
  batch: () => import('./batch.js').then((m) => m.batchCommand),
  simulate: () => import('./simulate.js').then((m) => m.simulateCommand),
};

/** The command factories to register for these arguments: only the invoked one when it is known, else all. */
export async function commandsFor(args: string[]): Promise<(() => Command)[]> {
  const name = args.find((a) => !a.startsWith('-'));
  if (name === undefined && (args.includes('-V') || args.includes('--version'))) return [];
  if (name !== undefined && name !== 'help' && Object.hasOwn(COMMAND_LOADERS, name))
    return [await COMMAND_LOADERS[name]()];
  return Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}
