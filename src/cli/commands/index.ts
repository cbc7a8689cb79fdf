/** The command registry: main.ts adds each of these; one file per command. */
import type { Command } from 'commander';
import { validateCommand } from './validate.js';

export const COMMANDS: (() => Command)[] = [validateCommand];
