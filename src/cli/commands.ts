import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';

/**
 * Each command group lives in its own file and registers itself here; this is
 * the one list of what `kt` can do.
 */
export function registerCommands(program: Command): void {
  for (const register of commandGroups) register(program);
}

const commandGroups: Array<(program: Command) => void> = [registerAnalyze];
