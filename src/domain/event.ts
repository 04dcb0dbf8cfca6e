import { z } from 'zod';

/** The gateway's decision. Past-tense forms from upstream exports are accepted and normalised. */
export const verdicts = ['allow', 'block', 'redact', 'escalate'] as const;
export type Verdict = (typeof verdicts)[number];

/** Each verdict as a person reads it, in a page's tabs or a table's heading. */
export const verdictWords: Record<Verdict, string> = { allow: 'Allowed', block: 'Blocked', redact: 'Redacted', escalate: 'Escalated' };

/** A count of zero for every verdict, to fill in from a query's rows. */
export function zeroPerVerdict(): Record<Verdict, number> {
  return Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<Verdict, number>;
}

const pastTense: Record<string, Verdict> = {
  allowed: 'allow',
  blocked: 'block',
  redacted: 'redact',
  escalated: 'escalate',
};

/** 'escalated' → 'escalate'; unknown words are returned unchanged for the enum to refuse. */
export function normaliseVerdict(value: string): string {
  const lower = value.trim().toLowerCase();
  return pastTense[lower] ?? lower;
}

export const verdictSchema = z.preprocess(
  (v) => (typeof v === 'string' ? normaliseVerdict(v) : v),
  z.enum(verdicts, { error: `must be one of ${verdicts.join(', ')} (or allowed, blocked, redacted, escalated)` }),
);

/** RFC 3339 with a time zone (Z or ±hh:mm). */
export const rfc3339 = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 timestamp with a time zone, e.g. 2026-09-14T10:00:00Z' });

const optionalText = z.string().nullish();
/** Durations and costs: a negative one is a bug upstream, not a value to store. */
const optionalAmount = z.number().finite().nonnegative().nullish();

/**
 * Whether a text has no content: empty or whitespace only (String.prototype.trim's whitespace,
 * which the native path's kt_has_content spells out for DuckDB). A required text must have content.
 */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

export const policyResultSchema = z.object({
  policy: z.string(),
  phase: z.string().nullish(),
  verdict: verdictSchema.nullish(),
  reason_code: z.string().nullish(),
  score: z.number().min(0).max(1).nullish(),
});

export const eventFields = [
  'id', 'timestamp', 'verdict', 'reason_code', 'policy', 'config_id', 'config_version',
  'provider', 'model', 'team', 'user_id', 'request_id', 'gateway_id', 'status',
  'request', 'response', 'score', 'latency_ms', 'tokens_in', 'tokens_out', 'cost_usd', 'policy_results',
] as const;

export const eventSchema = z
  .object({
    id: z.string().min(1, 'is required')
      .refine((id) => id === '' || !isBlank(id), 'is blank (only whitespace): every event needs an id'), // '' is "is required" alone
    timestamp: rfc3339,
    verdict: verdictSchema,
    reason_code: optionalText,
    policy: optionalText,
    config_id: optionalText,
    config_version: optionalText,
    provider: optionalText,
    model: optionalText,
    team: optionalText,
    user_id: optionalText,
    request_id: optionalText,
    gateway_id: optionalText,
    status: optionalText,
    request: optionalText,
    response: optionalText,
    score: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullish(),
    latency_ms: optionalAmount,
    tokens_in: z.number().int().nonnegative().nullish(),
    tokens_out: z.number().int().nonnegative().nullish(),
    cost_usd: optionalAmount,
    policy_results: z.array(policyResultSchema).nullish(),
  })
  // Unknown extra fields are kept (they land in the attributes column), never dropped.
  .catchall(z.unknown())
  .superRefine((event, ctx) => {
    if (event.verdict !== 'allow' && !event.reason_code) {
      ctx.addIssue({ code: 'custom', path: ['reason_code'], message: `is required when verdict is ${event.verdict}` });
    } else if (event.verdict !== 'allow' && isBlank(event.reason_code ?? '')) {
      // Kept as given otherwise (as an empty text is), but a blank one cannot say why the gateway acted.
      ctx.addIssue({ code: 'custom', path: ['reason_code'], message: `is blank (only whitespace), but is required when verdict is ${event.verdict}` });
    }
  });

export type EventInput = z.input<typeof eventSchema>;
export type Event = z.output<typeof eventSchema>;
