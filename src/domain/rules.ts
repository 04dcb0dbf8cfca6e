import type { Configuration } from './configuration.js';
import { estimatedProgram } from './regex-size.js';
import { compileBudget, compileRuleRegex, regexProblem, regexRefusal, type RegexPlace, type RuleRegex } from './rule-regex.js';

/**
 * The evaluable rule subset of policy-config.yaml (PRODUCT.md, "Configuration"),
 * compiled once and applied to events. Semantics, as the contract states them:
 * - `match.any` / `unless.any` terms match the event's `request` case-insensitively
 *   on word boundaries. A boundary is "no letter, digit or underscore on that side"
 *   (Unicode-aware, so `café` and `c++` work; `skill` never matches `kill`); runs of
 *   spaces inside a term match any run of whitespace.
 * - `match.regex` / `unless.regex` are RE2 regular expressions used as written, so they
 *   are case-sensitive; an inline flag such as a leading `(?i)` makes them insensitive.
 * - Both run on RE2, a linear-time engine (./rule-regex.ts says why): a rule's terms
 *   compile to one RE2 pattern too, as JavaScript's engine slowed down far faster
 *   than the list grew (4,000 terms: 5 ms a request, against 0.02 ms on RE2).
 * - A rule fires when a match term or the match regex matches and, if `min_score` is
 *   given, the event's score is at least that (no score → not at least). `unless`
 *   (terms or regex) suppresses it. Rules are tried in order; the first that fires
 *   decides the reason code.
 * Anything else in a rule could change when it fires, so such a rule is "not
 * replayed": evaluation stops there and says so rather than guessing.
 */

/** Rule keys that change nothing about when a rule fires. */
const inertRuleKeys = ['reason_code', 'id', 'description'];
const ruleKeys = [...inertRuleKeys, 'match', 'unless'];
const matchKeys = ['any', 'regex', 'min_score'];
const unlessKeys = ['any', 'regex'];

export interface RuleSource {
  /** Where the config came from (file path, or `config ID VERSION`), for error messages. */
  file: string;
  policy: string;
}

export interface CompiledRule {
  index: number;
  reason_code: string;
  /** Why this rule cannot be replayed; undefined when it can. */
  not_replayed?: string;
  match?: RuleRegex;
  matchRegex?: RuleRegex;
  minScore?: number;
  unless?: RuleRegex;
  unlessRegex?: RuleRegex;
}

/** What the evaluation needs from an event. */
export interface EvaluableEvent {
  request?: string | null;
  score?: number | null;
}

export type Evaluation =
  | { fires: true; reason_code: string; rule_index: number }
  | { fires: false; reason_code: null; rule_index: null }
  /** A rule outside the evaluable subset was reached before any rule fired. */
  | { fires: null; reason_code: null; rule_index: number; not_replayed: string };

/** JavaScript's `\s`, which spaces inside a term have always matched, spelled for RE2. */
const whitespace = '[\\t\\n\\x{0B}\\f\\r\\p{Z}\\x{FEFF}]+';
/** A character that may touch a term: not a letter, digit or underscore. */
const boundary = '[^\\p{L}\\p{N}_]';

/** The distinct, non-empty terms of a list, longest first. */
function cleanTerms(terms: readonly string[]): string[] {
  const cleaned = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))];
  return cleaned.sort((a, b) => b.length - a.length);
}

/**
 * The RE2 pattern of a term list: one case-insensitive alternation of the escaped
 * terms, with a boundary (or the text's edge) on each side. RE2 has no lookbehind, so
 * the boundaries are matched as characters, which answers the same for a yes/no test.
 */
export function termsSource(terms: readonly string[]): string | undefined {
  const cleaned = cleanTerms(terms);
  if (cleaned.length === 0) return undefined;
  const body = cleaned.map(termBody).join('|');
  return `(?i)(?:^|${boundary})(?:${body})(?:${boundary}|$)`;
}

/** One term as RE2 source: escaped, its runs of spaces matching any run of whitespace. */
export function termBody(term: string): string {
  return term.trim().split(/\s+/).map(escapeRegExp).join(whitespace);
}

/** A term list compiled (see termsSource), or undefined when it has no terms. */
export function termsPattern(terms: readonly string[], place: RegexPlace = { where: 'terms', field: 'match.any' }): RuleRegex | undefined {
  const source = termsSource(terms);
  return source === undefined ? undefined : compileRuleRegex(source, { ...place, what: termListName(terms) });
}

function termListName(terms: readonly string[]): string {
  const n = cleanTerms(terms).length;
  return `the list of ${n} term${n === 1 ? '' : 's'}`;
}

export function escapeRegExp(text: string): string {
  // Only syntax characters, which RE2 and JavaScript (even with the `u` flag) escape alike.
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Names the first thing in a rule outside the evaluable subset, or undefined. */
export function unsupportedPart(rule: Record<string, unknown>): string | undefined {
  const extra = Object.keys(rule).find((k) => !ruleKeys.includes(k));
  if (extra) return `field ${extra} is outside the evaluable subset`;
  const { match, unless } = rule;
  if (match !== undefined) {
    if (!isRecord(match)) return 'match is not a mapping';
    const extraMatch = Object.keys(match).find((k) => !matchKeys.includes(k));
    if (extraMatch) return `field match.${extraMatch} is outside the evaluable subset`;
    if (match.any !== undefined && !isStringList(match.any)) return 'match.any is not a list of terms';
    if (match.regex !== undefined && typeof match.regex !== 'string') return 'match.regex is not text';
    if (match.min_score !== undefined && typeof match.min_score !== 'number') return 'match.min_score is not a number';
  }
  if (unless !== undefined) {
    if (!isRecord(unless)) return 'unless is not a mapping';
    const extraUnless = Object.keys(unless).find((k) => !unlessKeys.includes(k));
    if (extraUnless) return `field unless.${extraUnless} is outside the evaluable subset`;
    if (unless.any !== undefined && !isStringList(unless.any)) return 'unless.any is not a list of terms';
    if (unless.regex !== undefined && typeof unless.regex !== 'string') return 'unless.regex is not text';
  }
  const terms = isRecord(match) && isStringList(match.any) ? match.any : [];
  if (terms.length === 0 && !(isRecord(match) && typeof match.regex === 'string')) {
    // The contract says a rule fires when a term or the regex matches; with neither, it never says.
    return 'it has no match terms or regex';
  }
  return undefined;
}

/** `policy P, rule N (REASON)`: how messages name a rule. */
function ruleWhere(policy: string, index: number, reasonCode: string): string {
  return `policy ${policy}, rule ${index + 1} (${reasonCode || 'no reason_code'})`;
}

/** Compiles one rule; invalid regexes are errors naming file, policy and rule. */
export function compileRule(rule: Record<string, unknown>, index: number, source: RuleSource): CompiledRule {
  const reasonCode = typeof rule.reason_code === 'string' ? rule.reason_code : '';
  const where = `${source.file}: ${ruleWhere(source.policy, index, reasonCode)}`;
  const unsupported = unsupportedPart(rule);
  if (unsupported) return { index, reason_code: reasonCode, not_replayed: unsupported };
  const match = rule.match as { any?: string[]; regex?: string; min_score?: number };
  const unless = (rule.unless ?? {}) as { any?: string[]; regex?: string };
  const compiled: CompiledRule = { index, reason_code: reasonCode };
  const matchTerms = termsPattern(match.any ?? [], { where, field: 'match.any' });
  if (matchTerms) compiled.match = matchTerms;
  if (match.regex !== undefined) compiled.matchRegex = compileRuleRegex(match.regex, { where, field: 'match.regex' });
  if (match.min_score !== undefined) compiled.minScore = match.min_score;
  const unlessTerms = termsPattern(unless.any ?? [], { where, field: 'unless.any' });
  if (unlessTerms) compiled.unless = unlessTerms;
  if (unless.regex !== undefined) compiled.unlessRegex = compileRuleRegex(unless.regex, { where, field: 'unless.regex' });
  return compiled;
}

/** A rule regex kt could not evaluate, and where it is in the document. */
export interface RegexIssue {
  /** `policy P, rule N (REASON), FIELD: the regex … why` (the caller names the file). */
  reason: string;
  policy: string;
  /** 1-based, as messages count rules. */
  rule: number;
  field: RegexPlace['field'];
  /** Its path in the configuration document, for finding its line. */
  path: (string | number)[];
}

/**
 * The first term list or regex (`match.any`, `match.regex`, `unless.any`, `unless.regex`)
 * of any rule, replayable or not, that kt's regex engine refuses or that takes the
 * config past its compile budget: configs and
 * drafts are refused with it where they are read, rather than when a replay or the
 * demo reaches the rule.
 */
export function firstRegexIssue(config: Configuration): RegexIssue | undefined {
  let left = compileBudget;
  for (const [policy, body] of Object.entries(config.policies?.policy ?? {})) {
    for (const [index, rule] of (body.rules ?? []).entries()) {
      for (const part of ['match', 'unless'] as const) {
        const terms = rule[part]?.any;
        const patterns = [
          { key: 'any' as const, source: terms ? termsSource(terms) : undefined, what: terms ? termListName(terms) : undefined },
          { key: 'regex' as const, source: rule[part]?.regex, what: undefined },
        ];
        for (const { key, source, what } of patterns) {
          if (source === undefined) continue;
          const problem = regexProblem(source, left);
          left -= estimatedProgram(source);
          if (!problem) continue;
          const field = `${part}.${key}` as const;
          const reason = regexRefusal({ where: ruleWhere(policy, index, rule.reason_code), field, ...(what ? { what } : {}) }, source, problem);
          return { reason, policy, rule: index + 1, field, path: ['policies', 'policy', policy, 'rules', index, part, key] };
        }
      }
    }
  }
  return undefined;
}

export interface CompiledPolicy {
  name: string;
  action: string | null;
  rules: CompiledRule[];
}

/** Every policy of a configuration that has rules, compiled, in chain order first. */
export function compilePolicies(config: Configuration, file: string): CompiledPolicy[] {
  const policies = config.policies?.policy ?? {};
  const chain = config.policies?.chain ?? [];
  const names = [...chain.filter((n) => n in policies), ...Object.keys(policies).filter((n) => !chain.includes(n))];
  return names.flatMap((name) => {
    const policy = policies[name];
    if (!policy?.rules) return [];
    const rules = policy.rules.map((rule, i) => compileRule(rule as Record<string, unknown>, i, { file, policy: name }));
    return [{ name, action: typeof policy.action === 'string' ? policy.action : null, rules }];
  });
}

/** Tries the rules in order on one event. */
export function evaluate(rules: readonly CompiledRule[], event: EvaluableEvent): Evaluation {
  const request = event.request ?? '';
  for (const rule of rules) {
    if (rule.not_replayed) return { fires: null, reason_code: null, rule_index: rule.index, not_replayed: rule.not_replayed };
    if (ruleFires(rule, request, event.score ?? null)) return { fires: true, reason_code: rule.reason_code, rule_index: rule.index };
  }
  return { fires: false, reason_code: null, rule_index: null };
}

function ruleFires(rule: CompiledRule, request: string, score: number | null): boolean {
  const matched = (rule.match?.test(request) ?? false) || (rule.matchRegex?.test(request) ?? false);
  if (!matched) return false;
  if (rule.minScore !== undefined && (score === null || score < rule.minScore)) return false;
  if (rule.unless?.test(request) || rule.unlessRegex?.test(request)) return false;
  return true;
}
