/** ipvi fidelity — built from its analysis descriptor (src/analyses/fidelity.ts); its help is the command page. */
import type { Command } from 'commander';
import { fidelity } from '../../analyses/fidelity.js';
import { analysisCommand } from '../analysis.js';

export const fidelityCommand = (): Command => analysisCommand(fidelity);
