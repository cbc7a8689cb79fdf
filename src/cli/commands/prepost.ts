/** ipvi prepost — built from its analysis descriptor (src/analyses/prepost.ts); its help is the command page. */
import type { Command } from 'commander';
import { prepost } from '../../analyses/prepost.js';
import { analysisCommand } from '../analysis.js';

export const prepostCommand = (): Command => analysisCommand(prepost);
