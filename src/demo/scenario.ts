/**
 * A scenario is one kind of request a team sends through the gateway: its prompt
 * templates, the detector confidence it draws, and what a careful reviewer would
 * conclude if the gateway escalated it. Whether it *is* escalated is never decided
 * here: the configuration in force decides that, by evaluating its rules.
 */
export const teams = ['support', 'sales', 'engineering', 'hr', 'legal'] as const;
export type Team = (typeof teams)[number];

/**
 * What the request really is, i.e. what reviewers conclude when it is escalated:
 * - fine: harmless; escalating it is a false positive of the rule's logic
 * - harmful: the flag is right (true positive)
 * - data_glitch: harmless, flagged because the detector's input looked like something else
 * - sensitive_but_ok: correctly flagged and still fine to proceed (benign positive)
 * - judgement_call: reviewers split between benign and true positive
 */
export type Truth = 'fine' | 'harmful' | 'data_glitch' | 'sensitive_but_ok' | 'judgement_call';

export type NoteCategory = 'false_positive' | 'true_positive' | 'benign_positive' | 'undetermined';

export interface Scenario {
  id: string;
  truth: Truth;
  /** Range of the detector score the event carries. */
  score: readonly [number, number];
  /** The policy whose detector produced that score (for policy_results). */
  detector?: string;
  requests: readonly string[];
  /** Response excerpts when the request is allowed through. */
  responses?: readonly string[];
  /** What reviewers write, per category they choose; `{slot}`s refer to the request's facts. */
  notes?: Partial<Record<NoteCategory, readonly string[]>>;
}

/** A team's traffic: rare scenarios by their probability per event; the rest by weight among everyday ones. */
export interface TeamTraffic {
  share: number;
  everyday: ReadonlyArray<readonly [Scenario, number]>;
  rare: ReadonlyArray<readonly [Scenario, number]>;
  /** Which provider/model the team's requests go to, by weight. */
  models: ReadonlyArray<readonly [string, string, number]>;
  gateway: string;
}
