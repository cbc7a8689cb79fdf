/** ipvi recidivism — built from its analysis descriptor (src/analyses/recidivism.ts); its help is the command page. */
import type { Command } from 'commander';
import { recidivism } from '../../analyses/recidivism.js';
import { analysisCommand } from '../analysis.js';

export const recidivismCommand = (): Command => analysisCommand(recidivism);
