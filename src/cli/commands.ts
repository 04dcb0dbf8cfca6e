import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Each command group lives in its own file; this is the one list of what `kt` can
 * do. Groups are imported only when asked for: `kt events tail` should not pay for
 * loading Chromium's driver, the chart library and the web server at start-up.
 */
const commandGroups: Record<string, () => Promise<Register>> = {
  ingest: async () => (await import('./ingest.js')).registerIngest,
  events: async () => (await import('./events.js')).registerEvents,
  escalations: async () => (await import('./escalations.js')).registerEscalations,
  analyze: async () => (await import('./analyze.js')).registerAnalyze,
  report: async () => (await import('./report.js')).registerReport,
  evidence: async () => (await import('./evidence.js')).registerEvidence,
  users: async () => (await import('./users.js')).registerUsers,
  audit: async () => (await import('./audit.js')).registerAudit,
  config: async () => (await import('./config.js')).registerConfig,
  tune: async () => (await import('./tune.js')).registerTune,
  serve: async () => (await import('./serve.js')).registerServe,
  demo: async () => (await import('./demo.js')).registerDemo,
};

/** Options of `kt` itself that take a value, so their value is not taken for a command. */
const globalOptionsWithValue = new Set(['--db']);

/** The command word in argv (after node and the script), if any. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (globalOptionsWithValue.has(arg)) {
      i += 1;
      continue;
    }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Registers the asked-for group, or every group (for help and unknown commands). */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const word = commandWord(args);
  const names = word !== undefined && word in commandGroups ? [word] : Object.keys(commandGroups);
  const registers = await Promise.all(names.map((name) => commandGroups[name]!()));
  for (const register of registers) register(program);
}
