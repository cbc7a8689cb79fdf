/** ipvi survival — built from its analysis descriptor (src/analyses/survival.ts); its help is the command page. */
import type { Command } from 'commander';
import { survival } from '../../analyses/survival.js';
import { analysisCommand } from '../analysis.js';

export const survivalCommand = (): Command => analysisCommand(survival);
