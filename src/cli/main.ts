#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { KtError } from '../errors.js';
import { exitQuietlyWhenOutputCloses } from './closed-output.js';
import { registerCommands } from './commands.js';
import { markRequiredOptions } from './help.js';
import { packageVersion } from '../version.js';

exitQuietlyWhenOutputCloses();

const program = new Command();
program
  .name('kt')
  .description('Review, resolve and learn from flagged AI interactions.')
  .option('--db <path>', 'the kt store (DuckDB file); env KT_DB', process.env.KT_DB ?? './kt.duckdb')
  .option('--json', 'machine-readable output', false)
  .exitOverride();

// With --json a usage error (unknown option or command, missing argument) is a JSON error
// object like every other refusal, so commander prints nothing of its own. Decided from
// argv before parsing: commander writes the message while it parses. Subcommands inherit it.
const jsonWanted = process.argv.slice(2).includes('--json');
if (jsonWanted) program.configureOutput({ outputError: () => undefined });
else program.showHelpAfterError('(run kt --help for usage)');

// Only `kt --version` (as the first word) prints kt's version, so subcommands such as
// `kt tune suggest --version 2.3.0` may take a --version of their own, as the contract names it.
if (['--version', '-V'].includes(process.argv[2] ?? '')) {
  process.stdout.write(`${packageVersion}\n`);
  process.exit(0);
}
program.addHelpText('after', '\nkt --version prints the version of kt.');
markRequiredOptions(program);
await registerCommands(program, process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, jsonWanted || program.opts<{ json?: boolean }>().json === true);
}

/** Every failure ends here: one sentence on stderr (or a JSON error object), a non-zero exit code. */
function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its own message (help, version or, without --json, a usage error).
    if (error.exitCode === 0) return 0;
    if (json && !error.code.startsWith('commander.help')) {
      const message = error.message.replace(/^error: /, '').replace(/\n+/g, ' ').trim();
      process.stderr.write(JSON.stringify(new KtError('bad_input', message, { usage: error.code.replace(/^commander\./, '') }).toJSON()) + '\n');
    }
    return 2;
  }
  const kt = error instanceof KtError ? error : new KtError('internal', error instanceof Error ? error.message : String(error));
  if (json) process.stderr.write(JSON.stringify(kt.toJSON()) + '\n');
  else process.stderr.write(`kt: ${kt.message}\n`);
  if (kt.code === 'internal' && process.env.KT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return kt.exitCode;
}
