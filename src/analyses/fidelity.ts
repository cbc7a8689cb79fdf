/** `ipvi fidelity`: keeping promises — days from reaching a level to the notification (docs/methods.md#fidelity). */
import { describeRules } from '../classify/ruleset.js';
import { fidelityTable } from '../metrics/fidelity.js';
import { launchOption, monthSchema } from './common.js';
import type { AnalysisDescriptor } from './types.js';
import { monthOption, optionalDay } from './values.js';

export const fidelity: AnalysisDescriptor = {
  kind: 'fidelity',
  options: [
    {
      name: 'month',
      flags: '--month <yyyy-MM>',
      help: 'only people whose level was set in this month, and notifications delivered in it (default: the whole coverage)',
      parse: (raw, flag) => (raw === undefined ? undefined : (monthOption(raw as string, flag), raw)),
      provenanceKey: 'month',
      manifestKey: 'month',
      schema: monthSchema,
      many: true,
    },
    launchOption(
      "program launch, yyyy-MM-dd: count only levels set and notifications delivered from then on (default: the config's launch:, else none)",
    ),
  ],
  suppressible: true,
  keyColumns: ['level'],
  run: (ctx, o) => {
    const month = o.month as string | undefined;
    const period = month === undefined ? undefined : { ...monthOption(month, '--month'), label: month };
    const launch = o.launch === undefined ? ctx.config.launch : optionalDay(o.launch as string, '--launch');
    const table = fidelityTable(ctx.dataset, ctx.index, ctx.ruleSet, {
      period,
      launch,
      contactFirst: ctx.config.victimContactFirst,
      suppressBelow: o.suppressBelow as number | undefined,
    });
    table.notes.push(...describeRules(ctx.config));
    return table;
  },
  command: {
    description:
      'keeping promises: days from reaching a level to the notification, never-notified people, victim contact first',
    notifications: 'required',
    help: `
Examples:
  $ ipvi fidelity --incidents fixtures/kingston/fidelity/incidents.csv --notifications fixtures/kingston/fidelity/notifications.csv --coverage-start 2023-01-01 --coverage-end 2023-06-30
  $ ipvi fidelity --incidents export.csv --notifications notes.csv --config agency.yaml --month 2023-06
  $ ipvi fidelity --incidents export.csv --notifications notes.csv --format md -o fidelity.md
  $ ipvi fidelity --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --launch 2020-01-01`,
  },
};
