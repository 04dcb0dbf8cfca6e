import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { badInput, KtError } from '../errors.js';
import { checkIngestInputs, ingestFile, ingestKinds, rejectionLine, writeRejects, type IngestReport, type Rejection } from '../ingest/index.js';
import { withStore } from '../store/database.js';
import { globalOptions, interactive } from './context.js';
import { localActor } from './users.js';

/** Files smaller than this load too fast for a progress bar to help. */
const progressBarFromBytes = 8 * 1024 * 1024;
/** Rejection lines printed per file; --rejects has them all. */
const shownRejections = 20;

/** kt ingest events|escalations|configs FILE…: each file loads in one transaction, with a report. */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('load events, escalations or policy configs from NDJSON/JSONL, CSV or Parquet (optionally .gz), or policy-config YAML/JSON')
    .argument('<kind>', ingestKinds.join(' | '))
    .argument('<files...>', 'the files, loaded in order, each all-or-nothing')
    .option('--rejects <file>', 'write every rejected row as NDJSON {file, line, field, reason, raw}')
    .addHelpText('after', [
      '',
      'Every file is checked readable (and --rejects writable) before any is loaded: else exit code 2, nothing loaded.',
      'Exit code 0 when every row was accepted, 3 when some rows were rejected (the valid ones are still loaded).',
      'A file refused as a whole (e.g. a bad CSV header) stops the command there; the error names the files not loaded.',
    ].join('\n'))
    .action(async (kindText: string, files: string[], flags: { rejects?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const kind = z.enum(ingestKinds).safeParse(kindText);
      if (!kind.success) throw badInput(`Unknown kind ${JSON.stringify(kindText)}: use one of ${ingestKinds.join(', ')}.`, { kind: kindText });
      // Every file readable and the rejects file writable, or nothing is loaded (files load one by one, each committed).
      await checkIngestInputs(kind.data, files, flags.rejects);
      const rejections: Rejection[] = [];
      let rejected = 0;
      let failure: unknown;
      let at = -1; // the file being loaded
      try {
        // DuckDB's own readers may read the input files' directories (and nothing else).
        await withStore(g.db, { allowedDirectories: files.map((f) => dirname(resolve(f))) }, async (store) => {
          for (const [i, file] of files.entries()) {
            at = i;
            const report = await withProgress(file, interactive(g), (onProgress) => ingestFile(store, kind.data, file, { actor: localActor(), onProgress }));
            rejected += report.rejected;
            if (flags.rejects) rejections.push(...report.rejections);
            if (g.json) process.stdout.write(JSON.stringify(report) + '\n');
            else printReport(report);
          }
        });
      } catch (error) {
        failure = at >= 0 ? stoppedAt(error, files, at) : error;
      }
      if (flags.rejects) {
        try {
          await writeRejects(flags.rejects, rejections);
        } catch (error) {
          failure ??= badInput(`--rejects ${flags.rejects} could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); the files were loaded, and the first rejected rows of each are printed above.`, { rejects: flags.rejects });
        }
      }
      if (failure) throw failure;
      if (rejected > 0) process.exitCode = new KtError('bad_file', '').exitCode;
    });
}

/**
 * A file that fails as a whole (a bad header, broken gzip) stops the command there: the files
 * before it stay loaded, and the error says so and names the files after it, not loaded.
 */
function stoppedAt(error: unknown, files: readonly string[], at: number): unknown {
  const before = files.slice(0, at);
  const after = files.slice(at + 1);
  if (before.length === 0 && after.length === 0) return error;
  const were = (list: readonly string[]) => `${list.join(', ')} ${list.length === 1 ? 'was' : 'were'}`;
  const safe = 'running the same command again after a fix is safe';
  const told = after.length === 0 ? `${were(before)} loaded before it (${safe}).`
    : before.length === 0 ? `Stopped there: ${were(after)} not loaded either.`
    : `Stopped there: ${were(after)} not loaded; ${were(before)} (${safe}).`;
  const kt = error instanceof KtError ? error : new KtError('internal', `${files[at]}: ${error instanceof Error ? error.message : String(error)}.`);
  return new KtError(kt.code, `${kt.message} ${told}`, { ...kt.details, loaded: before, not_loaded: after });
}

async function withProgress(file: string, tty: boolean, run: (onProgress?: (done: number, total: number) => void) => Promise<IngestReport>): Promise<IngestReport> {
  const size = safeSize(file);
  if (!tty || size < progressBarFromBytes) return run();
  const bar = new SingleBar({ format: `${basename(file)} [{bar}] {percentage}% | {value}/{total} MB | ETA {eta}s`, stream: process.stderr, hideCursor: true });
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  bar.start(mb(size), 0);
  try {
    return await run((done) => bar.update(mb(done)));
  } finally {
    bar.stop();
  }
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** ", 2 superseded by a later row with the same id, 1 by a later row for the same event": what won over what. */
function supersededText(r: IngestReport): string {
  const byEvent = r.supersededByEvent ?? 0;
  const byId = r.duplicates - byEvent;
  const parts: string[] = [];
  if (byId > 0) parts.push(`${byId} superseded by a later row with the same id`);
  if (byEvent > 0) parts.push(`${byEvent} ${byId > 0 ? 'by' : 'superseded by'} a later row for the same event`);
  return parts.map((p) => `, ${p}`).join('');
}

function printReport(r: IngestReport): void {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let line = `${r.file}: ${plural(r.total, r.kind === 'configs' ? 'document' : 'row')}: ${r.accepted} accepted, ${r.rejected} rejected`;
  line += ` (${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged${supersededText(r)})`;
  if (r.escalationsCreated > 0 || r.escalationsRouted > 0) {
    line += `; ${plural(r.escalationsCreated, 'escalation')} created, ${r.escalationsRouted} routed`;
  }
  process.stdout.write(line + '\n');
  for (const rejection of r.rejections.slice(0, shownRejections)) process.stderr.write(rejectionLine(rejection) + '\n');
  if (r.rejections.length > shownRejections) {
    process.stderr.write(`… and ${r.rejections.length - shownRejections} more rejected rows (--rejects FILE writes them all).\n`);
  }
}
