/** ipvi compare — built from its analysis descriptor (src/analyses/compare.ts); its help is the command page. */
import type { Command } from 'commander';
import { compare } from '../../analyses/compare.js';
import { analysisCommand } from '../analysis.js';

export const compareCommand = (): Command => analysisCommand(compare);
