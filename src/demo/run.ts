import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { clockSkewAllowanceMs } from '../domain/escalation-workflow.js';
import { decimalNumber, wholeNumber } from '../domain/numbers.js';
import { badInput, KtError } from '../errors.js';
import { openStore, withStore } from '../store/database.js';
import { defaultDemoEnd } from './calendar.js';
import { generateDemo, type GenerateSummary } from './generate.js';
import { assertEmptyStore, loadDemo, type LoadResult } from './load.js';

/** The options of `kt demo`, as typed on the command line. */
export const demoOptionsSchema = z.object({
  seed: wholeNumber({ min: 0, max: 2 ** 32 - 1 }).default(1),
  /** 1 = ~200k events; 200 = ~40M, about what one machine's disk and patience allow. */
  scale: decimalNumber({ min: 0, aboveMin: true, max: 200 }).default(1),
  end: z.string().default(defaultDemoEnd),
  out: z.string().min(1).optional(),
  keepFiles: z.boolean().default(false),
  force: z.boolean().default(false),
});

export type DemoOptions = z.input<typeof demoOptionsSchema>;

export interface DemoResult {
  db: string;
  generated: GenerateSummary;
  loaded: LoadResult;
  /** Where the files are now, or null when they were temporary and removed. */
  kept: string | null;
  timings: { generate_ms: number; load_ms: number; total_ms: number };
}

/**
 * `--end`: RFC 3339, a date (`2026-11-20`, midnight UTC) or `today` (the midnight
 * UTC that began today: the newest data is hours old, never in the future); at most
 * the clock-skew allowance ahead of now, as imported escalations' times.
 */
export function parseDemoEnd(text: string, now: Date): Date {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'today') return new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  const value = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? new Date(`${trimmed}T00:00:00Z`) : /[zZ]|[+-]\d{2}:\d{2}$/.test(trimmed) ? new Date(trimmed) : new Date(Number.NaN);
  if (Number.isNaN(value.getTime())) {
    throw badInput(`--end ${JSON.stringify(text)} is not a date: give YYYY-MM-DD, an RFC 3339 timestamp such as 2026-11-20T00:00:00Z, or today.`, { end: text });
  }
  // The upstream export would hold reviews that have not happened yet, which kt ingest refuses.
  if (value.getTime() > now.getTime() + clockSkewAllowanceMs) {
    throw badInput(`--end ${JSON.stringify(text)} is in the future: the demo's reviews would not have happened yet; give a date up to today, or today.`, { end: text });
  }
  return value;
}

/** Generates the demo files, loads them into `db` and adds the demo users. */
export async function runDemo(db: string, input: DemoOptions, actor: string, onStep: (step: string) => void = () => undefined): Promise<DemoResult> {
  const parsed = demoOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw badInput(issue ? `Invalid ${field}: ${issue.message}.` : 'Invalid kt demo options.', { field });
  }
  const options = parsed.data;
  const end = parseDemoEnd(options.end, new Date());
  const started = performance.now();
  if (options.force) await removeStore(db);

  const dir = options.out ? resolve(options.out) : await mkdtemp(join(tmpdir(), 'kt-demo-'));
  await mkdir(dir, { recursive: true });
  const keep = options.out !== undefined || options.keepFiles;
  try {
    const store = await openStore(db, { allowedDirectories: [dir] });
    try {
      await assertEmptyStore(store);
      onStep(`generating ${Math.round(options.scale * 200_000).toLocaleString('en')} events into ${dir}`);
      const onDay = (done: number, days: number) => {
        if (done % 30 === 0 && done < days) onStep(`generated ${done} of ${days} days`);
      };
      const generated = await generateDemo({ seed: options.seed, scale: options.scale, end, dir, onDay });
      const generatedAt = performance.now();
      const loaded = await loadDemo(store, generated.files, actor, onStep);
      const done = performance.now();
      return {
        db: store.path,
        generated,
        loaded,
        kept: keep ? dir : null,
        timings: { generate_ms: Math.round(generatedAt - started), load_ms: Math.round(done - generatedAt), total_ms: Math.round(done - started) },
      };
    } finally {
      store.close();
    }
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

/** --force: deletes the store file (and its write-ahead log), but only if it really is a DuckDB file. */
async function removeStore(db: string): Promise<void> {
  const file = resolve(db);
  if (!existsSync(file)) return;
  try {
    await withStore(file, { readOnly: true }, async () => undefined);
  } catch (error) {
    const reason = error instanceof KtError ? error.message : String(error);
    throw badInput(`--force would delete ${file}, but it is not a kt store (${reason}); not touching it.`, { db: file });
  }
  await rm(file, { force: true });
  await rm(`${file}.wal`, { force: true });
}
