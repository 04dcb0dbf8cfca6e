import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerUsers } from './users.js';
import { registerServe } from './serve.js';
import { registerEscalations } from './escalations.js';
import { registerAudit } from './audit.js';
import { registerReport } from './report.js';
import { registerEvidence } from './evidence.js';
import { registerEvents } from './events.js';
import { registerIngest } from './ingest.js';
import { registerConfig } from './config.js';
import { registerTune } from './tune.js';
import { registerDemo } from './demo.js';

/**
 * Each command group lives in its own file and registers itself here; this is
 * the one list of what `kt` can do.
 */
export function registerCommands(program: Command): void {
  for (const register of commandGroups) register(program);
}

const commandGroups: Array<(program: Command) => void> = [registerAnalyze, registerUsers, registerServe, registerEscalations, registerAudit, registerReport, registerEvidence, registerEvents, registerConfig, registerTune, registerIngest, registerDemo];
