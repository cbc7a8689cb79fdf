/** The command registry: main.ts adds each of these; one file per command. */
import type { Command } from 'commander';
import { alertsCommand } from './alerts.js';
import { classifyCommand } from './classify.js';
import { historyCommand } from './history.js';
import { initCommand } from './init.js';
import { simulateCommand } from './simulate.js';
import { tiersCommand } from './tiers.js';
import { validateCommand } from './validate.js';

export const COMMANDS: (() => Command)[] = [validateCommand, initCommand, classifyCommand, tiersCommand, historyCommand, alertsCommand, simulateCommand];
