import { RE2JS } from 're2js';
import { compilePolicies, evaluate, termBody, type CompiledPolicy } from '../domain/rules.js';
import type { Configuration } from '../domain/configuration.js';
import type { DemoConfigVersion } from './configs.js';

/**
 * Decides each demo event the way the gateway would: the configuration version in
 * force at the event's time, its policies in chain order, and the first rule that
 * fires. It uses kt's own rule evaluator (src/domain/rules.ts), so a what-if replay
 * of a version on the demo history reproduces that version's escalations exactly.
 */
export interface Decision {
  verdict: 'allow' | 'block' | 'redact' | 'escalate';
  policy: string | null;
  reason_code: string | null;
}

const allow: Decision = { verdict: 'allow', policy: null, reason_code: null };
const actions = new Set(['block', 'redact', 'escalate']);

export interface CompiledVersion {
  config: Configuration;
  configId: string;
  version: string;
  deployedAt: number;
  policies: CompiledPolicy[];
  /** Matches every request that any rule could fire on (a superset): the rest are allowed without trying each rule. */
  anyTrigger: (request: string) => boolean;
}

export class PolicyEngine {
  private readonly byPack = new Map<string, CompiledVersion[]>();

  constructor(versions: readonly DemoConfigVersion[]) {
    for (const { config } of versions) {
      const compiled: CompiledVersion = {
        config,
        configId: config.pack.id,
        version: config.pack.version,
        deployedAt: Date.parse(config.deployed_at ?? ''),
        policies: compilePolicies(config, `${config.pack.id} ${config.pack.version}`),
        anyTrigger: triggerPattern(config),
      };
      const list = this.byPack.get(compiled.configId) ?? [];
      list.push(compiled);
      list.sort((a, b) => a.deployedAt - b.deployedAt);
      this.byPack.set(compiled.configId, list);
    }
  }

  /** The version of a pack in force at `time` (the latest deployed at or before it). */
  versionAt(configId: string, time: number): CompiledVersion {
    const list = this.byPack.get(configId);
    if (!list || list.length === 0) throw new Error(`demo pack ${configId} has no versions`);
    let current = list[0] as CompiledVersion;
    for (const v of list) if (v.deployedAt <= time) current = v;
    return current;
  }

  decide(version: CompiledVersion, request: string, score: number): Decision {
    if (!version.anyTrigger(request)) return allow;
    for (const policy of version.policies) {
      const result = evaluate(policy.rules, { request, score });
      if (result.fires === true) {
        const verdict = policy.action && actions.has(policy.action) ? (policy.action as Decision['verdict']) : 'escalate';
        return { verdict, policy: policy.name, reason_code: result.reason_code };
      }
    }
    return allow;
  }
}

/**
 * One case-insensitive alternation of every match term and regex of a config, on RE2
 * as the rules are. Case-insensitive and without word boundaries it can only match
 * more than the rules do, never less, so a miss means no rule fires.
 */
function triggerPattern(config: Configuration): (request: string) => boolean {
  const parts: string[] = [];
  for (const policy of Object.values(config.policies?.policy ?? {})) {
    for (const rule of policy.rules ?? []) {
      for (const term of rule.match?.any ?? []) if (term.trim()) parts.push(termBody(term));
      if (rule.match?.regex) parts.push(`(?:${rule.match.regex})`);
    }
  }
  if (parts.length === 0) return () => false;
  const trigger = RE2JS.compile(parts.join('|'), RE2JS.CASE_INSENSITIVE);
  return (request) => trigger.test(request);
}
