/** ipvi trend — built from its analysis descriptor (src/analyses/trend.ts); its help is the command page. */
import type { Command } from 'commander';
import { trend } from '../../analyses/trend.js';
import { analysisCommand } from '../analysis.js';

export const trendCommand = (): Command => analysisCommand(trend);
