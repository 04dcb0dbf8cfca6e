import { z } from 'zod';
import { KtError } from '../errors.js';
import { rfc3339, verdicts } from './event.js';

/** SemVer x.y.z with optional pre-release/build. */
export const semver = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'must be a SemVer version such as 2.3.0');

const terms = z.array(z.string().min(1)).optional();

export const ruleSchema = z
  .object({
    reason_code: z.string().min(1),
    match: z
      .object({ any: terms, regex: z.string().optional(), min_score: z.number().min(0).max(1).optional() })
      .loose()
      .optional(),
    unless: z.object({ any: terms, regex: z.string().optional() }).loose().optional(),
  })
  .loose();

/** What a policy does when one of its rules fires: the gateway's verdicts (kt replays `escalate` ones). */
export const policyActions = verdicts;

export const policySchema = z
  .object({
    action: z.enum(policyActions, { error: `must be one of ${policyActions.join(', ')}` }).optional(),
    rules: z.array(ruleSchema).optional(),
  })
  .loose();

export const targetSchema = z
  .object({
    id: z.string().optional(),
    provider: z.string().min(1),
    model: z.string().optional(),
    escalation_routing: z.object({ user_id: z.string().min(1) }).loose().optional(),
  })
  .loose();

export const configurationSchema = z
  .object({
    pack: z
      .object({
        id: z.string().min(1),
        name: z.string().optional(),
        version: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), semver),
        author: z.string().optional(),
      })
      .loose(),
    // YAML parses unquoted timestamps as Date; accept both.
    deployed_at: z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), rfc3339.nullish()),
    policies: z
      .object({
        chain: z.array(z.string()).optional(),
        policy: z.record(z.string(), policySchema).optional(),
      })
      .loose()
      .optional(),
    providers: z.object({ targets: z.array(targetSchema).optional() }).loose().optional(),
  })
  .loose();

export type Configuration = z.output<typeof configurationSchema>;

/**
 * A config version's document as the store holds it. One stored before kt checked what it checks
 * now (e.g. an unknown action) is refused naming the version and how to replace it, not as a
 * bare schema error in the middle of an unrelated command.
 */
export function storedConfiguration(documentJson: string, key: { config_id: string; version: string }): Configuration {
  const parsed = configurationSchema.safeParse(JSON.parse(documentJson));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'document';
  throw new KtError('conflict', `Config ${key.config_id} version ${key.version} in the store is not valid any more (${field}: ${issue?.message ?? 'invalid'}); ingest a corrected file for that version (kt ingest configs FILE), which replaces it.`, { config_id: key.config_id, version: key.version, field });
}
export type Rule = z.output<typeof ruleSchema>;
export type Target = z.output<typeof targetSchema>;

/**
 * Who a configuration routes an event's escalations to, if anyone: a target naming
 * the event's provider and model beats one naming only the provider.
 */
export function routedUser(config: Configuration, provider: string | null | undefined, model: string | null | undefined): string | undefined {
  const targets = config.providers?.targets ?? [];
  const modelLevel = targets.find((t) => t.provider === provider && t.model !== undefined && t.model === model);
  if (modelLevel) return modelLevel.escalation_routing?.user_id;
  const providerLevel = targets.find((t) => t.provider === provider && t.model === undefined);
  return providerLevel?.escalation_routing?.user_id;
}

/** The rule of a policy that names a reason code (the first, as rules are tried in order). */
export function ruleFor(config: Configuration, policy: string | null | undefined, reasonCode: string | null | undefined): Rule | undefined {
  if (!policy || !reasonCode) return undefined;
  return config.policies?.policy?.[policy]?.rules?.find((r) => r.reason_code === reasonCode);
}
