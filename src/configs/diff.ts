import type { Configuration } from '../domain/configuration.js';

/**
 * What changed between two versions of a configuration pack: pack fields, the
 * chain, policies and their rules (matched by reason code, in order), provider
 * targets. Structured for --json and the API; `formatConfigDiff` makes the text.
 */

export interface FieldChange {
  /** Dotted path inside the compared object, e.g. `unless.any`. */
  path: string;
  from: unknown;
  to: unknown;
  /** For lists of terms: what the newer version adds and drops. */
  added?: unknown[];
  removed?: unknown[];
  /** For lists: the items both versions hold are in another order (in a chain, the first rule that fires decides). */
  reordered?: boolean;
}

export interface RuleRef {
  reason_code: string;
  /** 1-based position in the policy's rule list. */
  position: number;
  rule: unknown;
}

export interface RuleChange {
  reason_code: string;
  from_position: number;
  to_position: number;
  changes: FieldChange[];
}

export interface PolicyDiff {
  policy: string;
  changes: FieldChange[];
  rules: { added: RuleRef[]; removed: RuleRef[]; changed: RuleChange[] };
}

export interface ConfigDiff {
  config_id: string;
  from: string;
  to: string;
  pack: FieldChange[];
  chain: FieldChange | null;
  policies: { added: string[]; removed: string[]; changed: PolicyDiff[] };
  targets: { added: string[]; removed: string[]; changed: Array<{ target: string; changes: FieldChange[] }> };
  /** Other top-level sections that differ (compared as a whole). */
  other: FieldChange[];
  identical: boolean;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field-by-field differences of two values; lists of scalars report added/removed items. */
export function fieldChanges(from: unknown, to: unknown, path = ''): FieldChange[] {
  // A section added or dropped whole is shown field by field, like any other change.
  if (from === undefined && isRecord(to)) return fieldChanges({}, to, path);
  if (isRecord(from) && to === undefined) return fieldChanges(from, {}, path);
  if (isRecord(from) && isRecord(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.flatMap((k) => fieldChanges(from[k], to[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  const change: FieldChange = { path, from: from ?? null, to: to ?? null };
  const scalars = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => !isRecord(x) && !Array.isArray(x));
  if ((from === undefined || scalars(from)) && (to === undefined || scalars(to))) {
    const a = (from ?? []) as unknown[];
    const b = (to ?? []) as unknown[];
    if (Array.isArray(from) || Array.isArray(to)) {
      change.added = b.filter((x) => !a.includes(x));
      change.removed = a.filter((x) => !b.includes(x));
      const kept = JSON.stringify(a.filter((x) => b.includes(x)));
      if (kept !== JSON.stringify(b.filter((x) => a.includes(x)))) change.reordered = true;
    }
  }
  return [change];
}

/** Rules keyed by reason code; a repeated reason code gets `#2`, `#3`… in order. */
function keyedRules(rules: unknown): Map<string, RuleRef> {
  const keyed = new Map<string, RuleRef>();
  const seen = new Map<string, number>();
  (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
    const code = isRecord(rule) && typeof rule.reason_code === 'string' ? rule.reason_code : `(rule ${i + 1})`;
    const n = (seen.get(code) ?? 0) + 1;
    seen.set(code, n);
    keyed.set(n === 1 ? code : `${code}#${n}`, { reason_code: code, position: i + 1, rule });
  });
  return keyed;
}

function policyDiff(name: string, from: Json, to: Json): PolicyDiff | null {
  const { rules: fromRules, ...fromRest } = from;
  const { rules: toRules, ...toRest } = to;
  const a = keyedRules(fromRules);
  const b = keyedRules(toRules);
  const diff: PolicyDiff = { policy: name, changes: fieldChanges(fromRest, toRest), rules: { added: [], removed: [], changed: [] } };
  for (const [key, ref] of b) if (!a.has(key)) diff.rules.added.push(ref);
  for (const [key, ref] of a) if (!b.has(key)) diff.rules.removed.push(ref);
  for (const [key, before] of a) {
    const after = b.get(key);
    if (!after) continue;
    const changes = fieldChanges(before.rule, after.rule);
    if (changes.length > 0 || before.position !== after.position) {
      diff.rules.changed.push({ reason_code: before.reason_code, from_position: before.position, to_position: after.position, changes });
    }
  }
  const empty = diff.changes.length + diff.rules.added.length + diff.rules.removed.length + diff.rules.changed.length === 0;
  return empty ? null : diff;
}

function targetKey(target: unknown, i: number): string {
  if (!isRecord(target)) return `(target ${i + 1})`;
  if (typeof target.id === 'string') return target.id;
  return [target.provider, target.model].filter((x) => typeof x === 'string').join('/') || `(target ${i + 1})`;
}

export function diffConfigs(configId: string, fromVersion: string, from: Configuration, toVersion: string, to: Configuration): ConfigDiff {
  const fromPolicies = (from.policies?.policy ?? {}) as Record<string, Json>;
  const toPolicies = (to.policies?.policy ?? {}) as Record<string, Json>;
  const fromTargets = new Map((from.providers?.targets ?? []).map((t, i) => [targetKey(t, i), t as unknown]));
  const toTargets = new Map((to.providers?.targets ?? []).map((t, i) => [targetKey(t, i), t as unknown]));
  const chain = fieldChanges(from.policies?.chain, to.policies?.chain, 'policies.chain')[0] ?? null;
  const { pack: _p1, deployed_at: _d1, policies: _po1, providers: _pr1, ...fromOther } = from;
  const { pack: _p2, deployed_at: _d2, policies: _po2, providers: _pr2, ...toOther } = to;
  const diff: ConfigDiff = {
    config_id: configId,
    from: fromVersion,
    to: toVersion,
    pack: [...fieldChanges(from.pack, to.pack, 'pack'), ...fieldChanges(from.deployed_at, to.deployed_at, 'deployed_at')],
    chain,
    policies: {
      added: Object.keys(toPolicies).filter((p) => !(p in fromPolicies)),
      removed: Object.keys(fromPolicies).filter((p) => !(p in toPolicies)),
      changed: Object.keys(fromPolicies)
        .filter((p) => p in toPolicies)
        .map((p) => policyDiff(p, fromPolicies[p]!, toPolicies[p]!))
        .filter((d): d is PolicyDiff => d !== null),
    },
    targets: {
      added: [...toTargets.keys()].filter((k) => !fromTargets.has(k)),
      removed: [...fromTargets.keys()].filter((k) => !toTargets.has(k)),
      changed: [...fromTargets.keys()]
        .filter((k) => toTargets.has(k))
        .map((k) => ({ target: k, changes: fieldChanges(fromTargets.get(k), toTargets.get(k)) }))
        .filter((t) => t.changes.length > 0),
    },
    other: fieldChanges(fromOther, toOther),
    identical: false,
  };
  // Version and deploy time always differ between two versions; "identical" is about behaviour.
  const substantive =
    diff.pack.filter((c) => c.path !== 'pack.version' && c.path !== 'deployed_at').length +
    (diff.chain ? 1 : 0) +
    diff.policies.added.length + diff.policies.removed.length + diff.policies.changed.length +
    diff.targets.added.length + diff.targets.removed.length + diff.targets.changed.length +
    diff.other.length;
  diff.identical = substantive === 0;
  return diff;
}
