import { categories, causes, followUps, outcomes } from '../../domain/escalation.js';

/**
 * The words the web UI uses for kt's enum values. The stored values stay
 * snake_case (they are the data contract); people read these.
 */
export const labels: Record<string, string> = {
  queued: 'Queued',
  claimed: 'Claimed',
  resolved: 'Resolved',
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  approved: 'Approved — the interaction was fine',
  denied: 'Denied — the flag was right',
  false_positive: 'False positive',
  benign_positive: 'Benign positive',
  true_positive: 'True positive',
  duplicate: 'Duplicate',
  undetermined: 'Undetermined',
  policy_logic: 'Policy logic — the rule is too broad; tune it',
  detector_data: 'Detector data — the detector misread the input; do not tune the rule',
  none: 'None',
  policy_tuning: 'Policy tuning',
  evidence_export: 'Evidence export',
  incident: 'Incident',
  create: 'Created',
  route: 'Routed (arrived claimed)',
  import: 'Imported',
  claim: 'Claimed',
  unclaim: 'Unclaimed',
  reassign: 'Reassigned',
  resolve: 'Resolved',
  user_add: 'User added',
  user_revoke: 'User revoked',
  ingest: 'Ingested',
  config_import: 'Config imported',
  reviewer: 'Reviewer',
  policy_owner: 'Policy owner',
  compliance: 'Compliance',
  admin: 'Admin',
};

/** Short forms for badges and tables, where the long explanation would not fit. */
export const shortLabels: Record<string, string> = {
  approved: 'Approved',
  denied: 'Denied',
  policy_logic: 'Policy logic',
  detector_data: 'Detector data',
};

export function label(value: unknown, short = false): string {
  if (typeof value !== 'string' || value === '') return '—';
  return (short ? shortLabels[value] : undefined) ?? labels[value] ?? value;
}

export interface Option {
  value: string;
  text: string;
  selected: boolean;
}

function optionsOf(values: readonly string[], selected: string | undefined): Option[] {
  return values.map((value) => ({ value, text: label(value), selected: value === selected }));
}

/** The selectors of the resolve form, with the reviewer's previous choice kept. */
export function resolveOptions(chosen: { outcome?: string; category?: string; cause?: string; follow_up?: string }) {
  return {
    outcomes: optionsOf(outcomes, chosen.outcome),
    categories: optionsOf(categories, chosen.category),
    causes: optionsOf(causes, chosen.cause),
    followUps: optionsOf(followUps, chosen.follow_up ?? 'none'),
  };
}

/**
 * Quick actions pre-fill the common decisions; the reviewer still writes the
 * note (and, for a false positive, picks the cause).
 */
export const quickPresets = {
  approve: { outcome: 'approved', category: 'false_positive' },
  deny: { outcome: 'denied', category: 'true_positive' },
} as const;

export type QuickPreset = keyof typeof quickPresets;
