import { configurationSchema } from '../domain/configuration.js';
import { badInput, notFound } from '../errors.js';
import type { Executor } from '../store/database.js';
import { runQuestion } from './run.js';

/** What a before/after comparison is about: one policy (and reason code) under two versions of one config. */
export interface TuningSubject {
  config_id: string;
  policy: string;
  reason_code?: string | undefined;
  before: string;
  after: string;
}

/** A version compared with itself cannot change: refused before anything is counted. */
export function checkDistinctVersions(s: TuningSubject): void {
  if (s.before === s.after) {
    throw badInput(`The before and after versions are both ${s.before}: a version compared with itself shows no change; give two different versions of config ${s.config_id}.`, { before: s.before, after: s.after });
  }
}

/**
 * Refuses a policy or reason code that neither version knows: no stored event of
 * either version carries it and neither version's configuration defines it (a typo
 * would otherwise read as a table of zeros and an inconclusive verdict).
 */
export async function checkKnownSubject(db: Executor, s: TuningSubject): Promise<void> {
  const known = await knownRules(db, s);
  const versions = `${s.config_id} ${s.before} or ${s.after}`;
  const policies = [...known.keys()].sort();
  if (!known.has(s.policy)) {
    throw notFound(
      `Policy ${s.policy} is not known in config ${versions}: no stored event carries it and neither configuration defines it; known policies: ${policies.join(', ') || 'none'}.`,
      { policy: s.policy, config_id: s.config_id, versions: [s.before, s.after], known_policies: policies, field: 'policy' },
    );
  }
  const reasonCodes = [...known.get(s.policy)!].sort();
  if (s.reason_code !== undefined && !reasonCodes.includes(s.reason_code)) {
    throw notFound(
      `Reason code ${s.reason_code} is not known for policy ${s.policy} in config ${versions}: no stored event carries it and neither configuration defines it; known reason codes: ${reasonCodes.join(', ') || 'none'}.`,
      { reason_code: s.reason_code, policy: s.policy, config_id: s.config_id, versions: [s.before, s.after], known_reason_codes: reasonCodes, field: 'reason_code' },
    );
  }
}

/** Policy → its reason codes, from the stored events and the configurations of both versions. */
async function knownRules(db: Executor, s: TuningSubject): Promise<Map<string, Set<string>>> {
  const known = new Map<string, Set<string>>();
  const add = (policy: string, reasonCode: string | null | undefined) => {
    let codes = known.get(policy);
    if (!codes) known.set(policy, (codes = new Set()));
    if (reasonCode) codes.add(reasonCode);
  };
  const params = { config_id: s.config_id, before: s.before, after: s.after };
  for (const row of await runQuestion<{ policy: string; reason_code: string | null }>(db, 'tuning_known_rules', params)) add(row.policy, row.reason_code);
  const configs = await runQuestion<{ version: string; document: string }>(db, 'report_config_versions', { config_id: s.config_id });
  for (const config of configs.filter((c) => c.version === s.before || c.version === s.after)) {
    const parsed = configurationSchema.safeParse(JSON.parse(config.document));
    for (const [policy, block] of Object.entries(parsed.success ? (parsed.data.policies?.policy ?? {}) : {})) {
      add(policy, undefined);
      for (const rule of block.rules ?? []) add(policy, rule.reason_code);
    }
  }
  return known;
}
