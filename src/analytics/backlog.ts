import { z } from 'zod';
import type { Severity } from '../domain/escalation.js';
import type { Executor } from '../store/database.js';
import { runQuestion } from './run.js';
import { parseOptions, scopeSchema, type Viewer } from './scope.js';
import { knownScopeParams } from './known-scope.js';

export const backlogQuerySchema = scopeSchema;
export type BacklogQuery = z.input<typeof backlogQuerySchema>;

export interface OpenItems {
  queued: number;
  claimed: number;
  overdue: number;
  oldest_unclaimed_minutes: number | null;
}

export interface Turnaround {
  escalations: number;
  resolved: number;
  time_to_claim_p50_minutes: number | null;
  time_to_claim_p90_minutes: number | null;
  time_to_resolve_p50_minutes: number | null;
  time_to_resolve_p90_minutes: number | null;
}

export interface ReviewerLoad extends Omit<Turnaround, 'escalations'> {
  reviewer: string;
  /** Escalations created in the window that this reviewer resolved or holds. */
  items: number;
  /** Of those, the ones they hold now (claimed, not resolved). */
  open: number;
}

export interface SeverityBacklog extends OpenItems, Turnaround {
  severity: Severity | null;
}

export interface BacklogReport {
  as_of: string;
  open: OpenItems;
  overall: Turnaround;
  by_reviewer: ReviewerLoad[];
  by_severity: SeverityBacklog[];
}

interface OpenRow extends OpenItems {
  level: 'overall' | 'severity';
  severity: Severity | null;
}

interface TurnaroundRow extends Turnaround {
  level: 'overall' | 'reviewer' | 'severity';
  reviewer: string | null;
  severity: Severity | null;
  items: number;
  open: number;
}

const noOpenItems: OpenItems = { queued: 0, claimed: 0, overdue: 0, oldest_unclaimed_minutes: null };
const noTurnaround: Turnaround = {
  escalations: 0, resolved: 0,
  time_to_claim_p50_minutes: null, time_to_claim_p90_minutes: null,
  time_to_resolve_p50_minutes: null, time_to_resolve_p90_minutes: null,
};

/**
 * The queue now (open items as of `now`, whatever their age) and how fast it was
 * worked in the window (escalations created between --since and --until).
 */
export async function backlog(db: Executor, input: BacklogQuery, viewer: Viewer, now: Date = new Date()): Promise<BacklogReport> {
  const q = parseOptions(backlogQuerySchema, input);
  const params = { ...(await knownScopeParams(db, q, viewer, now)), now: now.toISOString() };
  const open = await runQuestion<OpenRow>(db, 'backlog_open_items', params);
  const turnaround = await runQuestion<TurnaroundRow>(db, 'backlog_turnaround', params);
  const overallOpen = open.find((r) => r.level === 'overall');
  const overallTurnaround = turnaround.find((r) => r.level === 'overall');
  const severities = new Set([...open, ...turnaround].filter((r) => r.level === 'severity').map((r) => r.severity));
  return {
    as_of: now.toISOString(),
    open: overallOpen ? openItems(overallOpen) : noOpenItems,
    overall: overallTurnaround ? turnaroundOf(overallTurnaround) : noTurnaround,
    by_reviewer: turnaround
      .filter((r) => r.level === 'reviewer')
      .map((r) => {
        const { escalations: _all, ...times } = turnaroundOf(r);
        return { reviewer: r.reviewer ?? '', items: r.items, open: r.open, ...times };
      }),
    by_severity: [...severities].sort(bySeverity).map((severity) => ({
      severity,
      ...openItems(open.find((r) => r.level === 'severity' && r.severity === severity) ?? noOpenItems),
      ...turnaroundOf(turnaround.find((r) => r.level === 'severity' && r.severity === severity) ?? noTurnaround),
    })),
  };
}

function openItems(r: OpenItems): OpenItems {
  return { queued: r.queued, claimed: r.claimed, overdue: r.overdue, oldest_unclaimed_minutes: r.oldest_unclaimed_minutes };
}

function turnaroundOf(r: Turnaround): Turnaround {
  return {
    escalations: r.escalations,
    resolved: r.resolved,
    time_to_claim_p50_minutes: r.time_to_claim_p50_minutes,
    time_to_claim_p90_minutes: r.time_to_claim_p90_minutes,
    time_to_resolve_p50_minutes: r.time_to_resolve_p50_minutes,
    time_to_resolve_p90_minutes: r.time_to_resolve_p90_minutes,
  };
}

const severityOrder: Array<Severity | null> = ['critical', 'high', 'medium', 'low', null];
function bySeverity(a: Severity | null, b: Severity | null): number {
  return severityOrder.indexOf(a) - severityOrder.indexOf(b);
}
