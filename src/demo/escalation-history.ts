import type { Severity } from '../domain/escalation.js';
import { hourMs } from './calendar.js';
import type { Random } from './random.js';
import { duplicateReview, pickReviewer, reviewEscalation, type Review } from './reviewers.js';
import type { Scenario, Team } from './scenario.js';
import type { Facts } from './vocabulary.js';

/**
 * What happened to each escalation up to the end of the demo window, as the
 * upstream review tool's export would show it. Older items are mostly resolved;
 * the last day's are mostly open; a few were forgotten and are overdue. Items
 * created after the export was taken (the last 6 hours), and items that routing
 * assigns to a kt user, are left out: kt's ingest creates those itself.
 */
export const exportLagMs = 6 * hourMs;

const severityOf: Record<string, Severity> = {
  self_harm: 'critical',
  violence_terms: 'high',
  hate_speech: 'high',
  contract_commitment: 'high',
  financial_commitment: 'high',
  pii_detected: 'medium',
  payment_card: 'medium',
  health_record: 'medium',
  harassment: 'medium',
  employment_decision: 'medium',
  legal_advice: 'low',
  privileged_content: 'low',
};

/** Median minutes until someone claims an item, by severity. */
const claimMedianMinutes: Record<Severity, number> = { critical: 10, high: 45, medium: 240, low: 720 };

export interface EscalatedEvent {
  id: string;
  time: number;
  team: Team;
  /** The user who sent the request. */
  requester: string;
  scenario: Scenario;
  facts: Facts;
  reasonCode: string;
  /** The kt user the configuration routes this event's escalations to, if any. */
  routedTo: string | undefined;
}

export interface ImportedEscalationRow {
  id: string;
  event_id: string;
  created_at: string;
  status: 'queued' | 'claimed' | 'resolved';
  severity: Severity;
  claimed_by?: string;
  claimed_at?: string;
  resolved_by?: string;
  resolved_at?: string;
  outcome?: string;
  category?: string;
  cause?: string;
  follow_up?: string;
  note?: string;
}

export class EscalationHistory {
  /** The last escalation per team and scenario: what a duplicate points back to. */
  private readonly lastOf = new Map<string, string>();

  constructor(
    private readonly end: number,
    private readonly random: Random,
  ) {}

  /** The upstream export row for an escalated event, or undefined when kt should create it. */
  rowFor(event: EscalatedEvent): ImportedEscalationRow | undefined {
    const random = this.random;
    const id = `esc_${event.id}`;
    const severity = severityOf[event.reasonCode] ?? 'medium';
    const key = `${event.team}/${event.scenario.id}`;
    const previous = this.lastOf.get(key);
    this.lastOf.set(key, id);
    // Routed items are kt's own from the start (created claimed by the routed user),
    // and the newest ones never reached the upstream export.
    if (event.routedTo || event.time > this.end - exportLagMs) return undefined;

    const row: ImportedEscalationRow = { id, event_id: event.id, created_at: iso(event.time), status: 'queued', severity };
    const reviewer = pickReviewer(event.team, random);
    const claimedAt = event.time + claimDelayMs(event.time, severity, random);
    const resolvedAt = claimedAt + random.logNormal(reviewer === 'dana' ? 4 : 14, 0.7) * 60_000;
    // Recent items are still waiting (the queue has a backlog of about a day), and a
    // few older ones fell through the cracks: never claimed, or claimed and never finished.
    const ageHours = (this.end - event.time) / hourMs;
    const open = random.chance(0.025) || random.chance(0.8 * Math.exp(-ageHours / 20));
    const neverClaimed = open && random.chance(0.55);
    if (claimedAt > this.end || neverClaimed) return row;
    Object.assign(row, { status: 'claimed', claimed_by: reviewer, claimed_at: iso(claimedAt) });
    if (resolvedAt > this.end || open) return row;

    const duplicate = previous !== undefined && event.scenario.truth !== 'fine' && random.chance(0.02);
    const review: Review = duplicate ? duplicateReview(previous) : reviewEscalation(event.scenario, this.noteFacts(event), reviewer, random);
    Object.assign(row, {
      status: 'resolved',
      resolved_by: reviewer,
      resolved_at: iso(resolvedAt),
      outcome: review.outcome,
      category: review.category,
      ...(review.cause ? { cause: review.cause } : {}),
      ...(review.follow_up ? { follow_up: review.follow_up } : {}),
      note: review.note,
    });
    return row;
  }

  /** What a note may mention: the request's details, who sent it, when, and why it was flagged. */
  private noteFacts(event: EscalatedEvent): Facts {
    const hhmm = new Date(event.time).toISOString().slice(11, 16);
    return { ...event.facts, reason_code: event.reasonCode, requester: event.requester, team: event.team, hhmm };
  }
}

/** Nights and weekends wait longer for a reviewer. */
function claimDelayMs(time: number, severity: Severity, random: Random): number {
  const at = new Date(time);
  const offHours = at.getUTCHours() < 7 || at.getUTCHours() >= 19 || at.getUTCDay() === 0 || at.getUTCDay() === 6;
  const minutes = random.logNormal(claimMedianMinutes[severity], 1.1) * (offHours ? 3 : 1);
  return Math.max(1, minutes) * 60_000;
}

function iso(time: number): string {
  return new Date(Math.round(time)).toISOString();
}
