import type { Command } from 'commander';

export interface GlobalOptions {
  db: string;
  json: boolean;
}

/** The options every command inherits from `kt` itself (--db, --json). */
export function globalOptions(command: Command): GlobalOptions {
  const opts = command.optsWithGlobals<{ db?: string; json?: boolean }>();
  return { db: opts.db ?? process.env.KT_DB ?? './kt.duckdb', json: opts.json === true };
}

/** Whether to draw progress bars: a terminal, and nobody asked for JSON. */
export function interactive(options: GlobalOptions): boolean {
  return !options.json && process.stderr.isTTY === true && !process.env.CI;
}

export function printJsonLines(rows: Iterable<unknown>): void {
  for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
}
