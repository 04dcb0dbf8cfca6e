import type { Category, Cause, FollowUp, Outcome } from '../domain/escalation.js';
import type { Random } from './random.js';
import type { NoteCategory, Scenario, Team, Truth } from './scenario.js';
import { fill, type Facts } from './vocabulary.js';

/**
 * The upstream review team and how each of them works. alice and bob also become
 * kt users; the others exist only in the imported history. Their habits are what
 * `kt analyze quality` should find: marcus pastes the same sentence, dana closes
 * with one word, chen often forgets the cause of a false positive, and priya and
 * omar judge borderline cases more strictly than alice and bob.
 */
interface ReviewerHabits {
  boilerplate?: number;
  shallow?: number;
  skipsCause?: number;
  /** Share of judgement calls this reviewer denies as true positives. */
  strictness: number;
}

export const reviewerHabits: Record<string, ReviewerHabits> = {
  alice: { strictness: 0.3 },
  bob: { strictness: 0.35 },
  priya: { strictness: 0.7 },
  marcus: { boilerplate: 0.55, strictness: 0.5 },
  chen: { skipsCause: 0.2, strictness: 0.45 },
  dana: { shallow: 0.3, strictness: 0.4 },
  omar: { strictness: 0.7 },
};

export const reviewersOfTeam: Record<Team, ReadonlyArray<readonly [string, number]>> = {
  support: [['alice', 4], ['priya', 3.5], ['marcus', 2.5]],
  sales: [['alice', 5], ['marcus', 5]],
  engineering: [['bob', 5], ['chen', 3], ['dana', 2]],
  hr: [['bob', 3], ['chen', 4], ['dana', 3]],
  legal: [['bob', 3], ['omar', 7]],
};

export const boilerplateNote = 'Reviewed per SOP-7. No further action required, closing.';
const shallowNotes = ['ok', 'fp', 'lgtm', 'fine', 'approved', 'ok.', 'n/a', 'tp'];

const genericNotes: Record<NoteCategory, readonly string[]> = {
  false_positive: [
    'Harmless request flagged by {reason_code}; nothing to act on. Approving.',
    'Routine work request, the {reason_code} rule misread it. Approved.',
  ],
  true_positive: ['Correct flag under {reason_code}; denied and the requester informed.', 'Valid {reason_code} hit, denied.'],
  benign_positive: ['Flag is correct but the use is legitimate here. Approved.', 'Sensitive but expected for this team; approving.'],
  undetermined: [
    'Not enough context in the request to decide; asked the team lead and denied for now.',
    'Ambiguous, could go either way. Denied pending clarification from the requester.',
  ],
};

export function pickReviewer(team: Team, random: Random): string {
  return random.weightedBy(reviewersOfTeam[team], ([, w]) => w)[0];
}

export interface Review {
  outcome: Outcome;
  category: Category;
  cause?: Cause;
  follow_up?: FollowUp;
  note: string;
}

function categoryFor(truth: Truth, strictness: number, random: Random): NoteCategory {
  const u = random.next();
  switch (truth) {
    case 'fine':
      return u < 0.92 ? 'false_positive' : u < 0.98 ? 'benign_positive' : 'undetermined';
    case 'harmful':
      return u < 0.95 ? 'true_positive' : u < 0.98 ? 'benign_positive' : 'undetermined';
    case 'data_glitch':
      return u < 0.9 ? 'false_positive' : 'benign_positive';
    case 'sensitive_but_ok':
      return u < 0.85 ? 'benign_positive' : u < 0.95 ? 'true_positive' : 'false_positive';
    case 'judgement_call':
      return u < 0.05 ? 'undetermined' : random.chance(strictness) ? 'true_positive' : 'benign_positive';
  }
}

const severeReasons = new Set(['self_harm', 'violence_terms', 'hate_speech']);
const dataReasons = new Set(['pii_detected', 'payment_card', 'health_record']);

/** How a reviewer resolves one escalation of a scenario (facts: the request's slot values plus reason_code, requester, team, hhmm). */
export function reviewEscalation(scenario: Scenario, facts: Facts, reviewer: string, random: Random): Review {
  const habits = reviewerHabits[reviewer] ?? { strictness: 0.5 };
  const category = categoryFor(scenario.truth, habits.strictness, random);
  const outcome: Outcome = category === 'false_positive' || category === 'benign_positive' ? 'approved' : 'denied';
  const review: Review = { outcome, category, note: noteFor(scenario, category, facts, habits, random) };
  const reason = facts.reason_code ?? '';
  if (category === 'false_positive') {
    const cause: Cause = scenario.truth === 'data_glitch' ? (random.chance(0.85) ? 'detector_data' : 'policy_logic') : random.chance(0.95) ? 'policy_logic' : 'detector_data';
    if (!random.chance(habits.skipsCause ?? 0)) review.cause = cause;
    if (cause === 'policy_logic' && random.chance(0.7)) review.follow_up = 'policy_tuning';
  } else if (category === 'true_positive') {
    if (severeReasons.has(reason) && random.chance(0.8)) review.follow_up = 'incident';
    else if (dataReasons.has(reason) && random.chance(0.25)) review.follow_up = 'evidence_export';
  }
  if (!review.follow_up && random.chance(0.5)) review.follow_up = 'none';
  return review;
}

/** A duplicate: the same case already raised (and reviewed) under an earlier escalation. */
export function duplicateReview(originalId: string): Review {
  return { outcome: 'denied', category: 'duplicate', note: `Same case as ${originalId}, which is already being handled. Closing as duplicate.` };
}

/** What reviewers add to their reasoning: who they checked with, what they did next. */
const leads = [
  'Read the full request and the linked event.',
  'Checked the transcript.',
  'Second look after the SLA reminder.',
  'Looked at the context of the conversation.',
  'Compared with earlier items from the same team.',
];
const tails: Record<NoteCategory, readonly string[]> = {
  false_positive: [
    'Requester {requester}, {team} team.',
    'Checked with {requester}; routine work.',
    'Sent by {requester} at {hhmm} UTC.',
    'Another {reason_code} item like this one, from {requester}; cc pat for the rule.',
    'Added {requester}’s request to the tuning sheet.',
    '{requester} confirmed the context on Slack.',
  ],
  true_positive: [
    'Requester {requester} informed of the policy.',
    '{requester}’s manager notified.',
    'Sent by {requester} at {hhmm} UTC.',
    'Case from {requester} noted for the {team} weekly review.',
    'Reminded {requester} of the data-handling guide.',
  ],
  benign_positive: [
    'Requester {requester}, {team} team.',
    'Sent by {requester} at {hhmm} UTC.',
    '{requester} explained the use case.',
    'Expected for {team} ({requester}); no change needed.',
  ],
  undetermined: ['Asked {requester} for more context.', 'Sent by {requester} at {hhmm} UTC.', 'Flagged to the {team} lead with {requester}’s earlier requests.'],
};

function noteFor(scenario: Scenario, category: NoteCategory, facts: Facts, habits: ReviewerHabits, random: Random): string {
  if (random.chance(habits.boilerplate ?? 0)) return boilerplateNote;
  if (random.chance(habits.shallow ?? 0)) return random.pick(shallowNotes);
  // Only notes whose details the request really has: a note never names a customer the request did not.
  const fitting = (scenario.notes?.[category] ?? []).filter((t) => slotsOf(t).every((slot) => facts[slot] !== undefined));
  const body = random.pick(fitting.length > 0 ? fitting : genericNotes[category]);
  const parts = [fill(body, random, facts)];
  if (random.chance(0.3)) parts.unshift(random.pick(leads));
  // A note without any detail of its own always gets one; real reviewers rarely write the same sentence twice.
  if (slotsOf(body).length === 0 || random.chance(0.9)) parts.push(fill(random.pick(tails[category]), random, facts));
  return parts.join(' ');
}

function slotsOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
