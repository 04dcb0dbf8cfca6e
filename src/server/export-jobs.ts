import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KtError } from '../errors.js';
import type { EvidenceExportResult, EvidenceExportStep } from '../evidence/export.js';

/**
 * What an export was asked for, as its job shows it: the web form's fields as sent (an
 * export started from the API writes its lists the same way), so that a refusal found
 * along the way can show the form again as it was.
 */
export interface ExportDraft {
  from: string;
  to: string;
  team: string[];
  /** Escalation ids as typed: separated by commas or white space. */
  escalation: string;
  reason: string;
  pdf: boolean;
}

/** A job id as ExportJobs makes them (anything else names no job). */
export const jobIdSchema = z.string().regex(/^job_[A-Za-z0-9_-]{16}$/, 'must be an export job id like job_AbCdEfGhIjKlMnOp');

/** One evidence export the server runs (from the web UI or the API): where it is, and how it ended. */
export interface ExportJob {
  id: string;
  /** The user who started it: the only one who may follow it. */
  owner: string;
  draft: ExportDraft;
  startedMs: number;
  step: EvidenceExportStep;
  finishedMs?: number;
  outcome?: { ok: true; result: EvidenceExportResult } | { ok: false; error: unknown };
  /** Settles (never rejects) when the export has ended either way. */
  settled: Promise<void>;
}

export interface ExportJobsOptions {
  /** How long POST /evidence waits for an export before it answers with the progress page instead. */
  waitMs?: number;
  /** Exports running at once; one more is refused until one ends (each holds Chromium and disk for a while). */
  maxRunning?: number;
  /** How long an ended job stays to be looked at (its pack is in the list for good). */
  keepMs?: number;
}

/**
 * The server's evidence exports in progress. A pack of a quarter's escalations takes
 * from a second to a minute or more (10,000 escalations: about 25 s, mostly printing
 * the PDF); a browser left waiting on one request for that long shows nothing and may
 * give up. So POST /evidence starts the export here, waits a moment (small packs are
 * done by then, and the answer is the pack itself), and otherwise sends the browser to
 * a page that shows the step the export is on until it is done. POST /api/evidence runs
 * its exports here too (so the limit holds for both), and with `Prefer: respond-async`
 * answers 202 with the job to poll instead of holding the request. Jobs live in this
 * process only: a restart forgets them, and an export it cut short is never audited,
 * so it is not listed as a pack either (the next `kt serve` removes its staging folder).
 */
export class ExportJobs {
  readonly waitMs: number;
  private readonly maxRunning: number;
  private readonly keepMs: number;
  private readonly jobs = new Map<string, ExportJob>();

  constructor(options: ExportJobsOptions = {}) {
    this.waitMs = options.waitMs ?? 2_000;
    this.maxRunning = options.maxRunning ?? 2;
    this.keepMs = options.keepMs ?? 60 * 60_000;
  }

  /** Starts `run`, which reports its steps through the callback it is given. */
  start(owner: string, draft: ExportDraft, run: (onStep: (step: EvidenceExportStep) => void) => Promise<EvidenceExportResult>): ExportJob {
    this.forgetEnded();
    const running = [...this.jobs.values()].filter((job) => !job.outcome).length;
    if (running >= this.maxRunning) {
      const already = running === 1 ? 'Another evidence export is' : `${running} evidence exports are`;
      throw new KtError('unavailable', `${already} running on this server; export again when it is done.`, { running });
    }
    const job: ExportJob = { id: `job_${randomBytes(12).toString('base64url')}`, owner, draft, startedMs: Date.now(), step: { step: 'select' }, settled: Promise.resolve() };
    job.settled = run((step) => {
      job.step = step;
    }).then(
      (result) => this.end(job, { ok: true, result }),
      (error: unknown) => this.end(job, { ok: false, error }),
    );
    this.jobs.set(job.id, job);
    return job;
  }

  /** The caller's job with this id (another user's is as good as none). */
  find(id: string, owner: string): ExportJob | undefined {
    this.forgetEnded();
    const job = this.jobs.get(id);
    return job?.owner === owner ? job : undefined;
  }

  /** The caller's jobs still kept (running, or ended within the last keepMs), newest first. */
  list(owner: string): ExportJob[] {
    this.forgetEnded();
    return [...this.jobs.values()].filter((job) => job.owner === owner).sort((a, b) => b.startedMs - a.startedMs);
  }

  /** Whether the job has ended within `ms`. */
  async endsWithin(job: ExportJob, ms: number): Promise<boolean> {
    if (job.outcome) return true;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const ended = await Promise.race([job.settled.then(() => true as const), waited]);
    clearTimeout(timer);
    return ended;
  }

  private end(job: ExportJob, outcome: NonNullable<ExportJob['outcome']>): void {
    // A refusal is the job's answer; anything else is a fault, logged once here even if nobody polls for it.
    if (!outcome.ok && !(outcome.error instanceof KtError)) console.error(`evidence export ${job.id} failed:`, outcome.error);
    job.outcome = outcome;
    job.finishedMs = Date.now();
  }

  private forgetEnded(now = Date.now()): void {
    for (const [id, job] of this.jobs) if (job.finishedMs !== undefined && now - job.finishedMs > this.keepMs) this.jobs.delete(id);
  }
}
