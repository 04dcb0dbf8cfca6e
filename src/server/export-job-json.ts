import { exportStepDetail, exportStepLabel, exportStepStates } from '../evidence/export-steps.js';
import type { ExportJob } from './export-jobs.js';
import { apiError } from './errors.js';

const idList = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * An export job as GET /api/evidence/jobs/:job answers it: what was asked, the state
 * (`running`, `done` with the pack, `failed` with the error as the API shapes errors),
 * the step it is on with its position, and every step's state, as the progress page shows.
 */
export function exportJobJson(job: ExportJob, nowMs = Date.now()) {
  const outcome = job.outcome;
  const steps = exportStepStates(job.draft.pdf, job.step.step, outcome ? (outcome.ok ? 'done' : 'failed') : undefined);
  const error = outcome && !outcome.ok ? apiError(outcome.error).toJSON().error : null;
  return {
    id: job.id,
    state: !outcome ? 'running' : outcome.ok ? 'done' : 'failed',
    request: {
      from: job.draft.from,
      to: job.draft.to,
      team: job.draft.team,
      escalation: idList(job.draft.escalation),
      reason: job.draft.reason || null,
      pdf: job.draft.pdf,
    },
    started_at: new Date(job.startedMs).toISOString(),
    finished_at: job.finishedMs === undefined ? null : new Date(job.finishedMs).toISOString(),
    elapsed_ms: (job.finishedMs ?? nowMs) - job.startedMs,
    step: {
      name: job.step.step,
      label: exportStepLabel(job.step.step),
      detail: exportStepDetail(job.step) ?? null,
      position: steps.find((s) => s.name === job.step.step)!.position,
      of: steps.length,
    },
    steps: steps.map(({ name, state }) => ({ name, label: exportStepLabel(name), state })),
    pack: outcome?.ok
      ? { pack_id: outcome.result.pack_id, dir: outcome.result.dir, manifest_sha256: outcome.result.manifest_sha256, audit_seq: outcome.result.audit_seq, signing_key: outcome.result.signing_key, url: `/api/evidence/${outcome.result.pack_id}` }
      : null,
    error,
  };
}
