/** The command registry: main.ts adds each of these; one file per command. */
import type { Command } from 'commander';
import { alertsCommand } from './alerts.js';
import { classifyCommand } from './classify.js';
import { fidelityCommand } from './fidelity.js';
import { historyCommand } from './history.js';
import { initCommand } from './init.js';
import { prepostCommand } from './prepost.js';
import { recidivismCommand } from './recidivism.js';
import { reportCommand } from './report.js';
import { batchCommand } from './batch.js';
import { simulateCommand } from './simulate.js';
import { survivalCommand } from './survival.js';
import { tiersCommand } from './tiers.js';
import { trendCommand } from './trend.js';
import { validateCommand } from './validate.js';

export const COMMANDS: (() => Command)[] = [
  validateCommand,
  initCommand,
  classifyCommand,
  tiersCommand,
  historyCommand,
  alertsCommand,
  prepostCommand,
  recidivismCommand,
  survivalCommand,
  trendCommand,
  fidelityCommand,
  reportCommand,
  batchCommand,
  simulateCommand,
];
