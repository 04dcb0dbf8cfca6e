import { RE2JS } from 're2js';
import { KtError } from '../errors.js';
import { estimatedProgram } from './regex-size.js';

/**
 * A rule's `match.regex` / `unless.regex`, or the pattern of its term lists
 * (../rules.ts), compiled with RE2 semantics (re2js, a pure-JavaScript port of RE2): matching takes time linear in the text, whatever the
 * pattern, so no configuration or draft can stall the replay, the demo or the server
 * with catastrophic backtracking (`^(\w+\s?)*$` over a long request). JavaScript's own
 * engine backtracks and cannot be bounded; matching in DuckDB (RE2 too) needs each
 * pattern to be a constant of its query, and kt also evaluates rules where there is no
 * query (the demo's gateway, parse-time checks). RE2 has no lookaround or
 * backreferences: such a pattern is refused where it is read, naming where it is.
 */
export interface RuleRegex {
  /** The pattern as written in the configuration. */
  source: string;
  /** Whether it matches anywhere in the text. */
  test(text: string): boolean;
}

/**
 * RE2's matching cost grows with the compiled program as well as the text; above this
 * many instructions a pattern is refused (the demo's largest is 160, a 1,500-word
 * alternation about 4,700).
 */
export const largestProgram = 10_000;

/**
 * Compiling is work in proportion to the program too, done before its size is known:
 * patterns are compiled only while the estimates (./regex-size.ts) of one
 * configuration's regexes stay within this many instructions together (at most
 * about half a second of compiling).
 */
export const compileBudget = 100_000;

/** Where a regex sits, for messages: `FILE: policy P, rule N (REASON)` and the field. */
export interface RegexPlace {
  where: string;
  field: 'match.regex' | 'unless.regex' | 'match.any' | 'unless.any';
  /** What the pattern is to the reader, when not a regex they wrote (default: `the regex "…"`). */
  what?: string;
}

/**
 * Compiles a rule regex as written: case-sensitive unless it says otherwise with an
 * RE2 inline flag such as a leading `(?i)`.
 */
export function compileRuleRegex(source: string, place: RegexPlace): RuleRegex {
  const compiled = compileRe2(source);
  if ('problem' in compiled) throw new KtError('bad_file', regexRefusal(place, source, compiled.problem), { field: place.field, regex: source });
  const { re2 } = compiled;
  return { source, test: (text) => re2.test(text) };
}

/** The one sentence that refuses a pattern: file, policy, rule, field, the pattern and why. */
export function regexRefusal(place: RegexPlace, source: string, problem: string): string {
  return `${place.where}, ${place.field}: ${place.what ?? `the regex ${JSON.stringify(source)}`} ${problem}.`;
}

/**
 * Why kt cannot evaluate this pattern (as a phrase after the pattern), or undefined;
 * `left` is what remains of the configuration's compile budget.
 */
export function regexProblem(source: string, left = compileBudget): string | undefined {
  const compiled = compileRe2(source, left);
  return 'problem' in compiled ? compiled.problem : undefined;
}

function compileRe2(source: string, left = compileBudget): { re2: RE2JS } | { problem: string } {
  const estimate = estimatedProgram(source);
  if (estimate > compileBudget) return { problem: `is too large to evaluate (up to ${estimate} RE2 instructions, at most ${largestProgram})` };
  if (estimate > left) {
    return { problem: `is one too many: the configuration's regexes would compile to more than ${compileBudget} RE2 instructions together (this one up to ${estimate})` };
  }
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(source);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    const lacking = lackingConstruct(source);
    if (lacking) return { problem: `uses ${lacking}, which kt's linear-time regex engine (RE2 syntax) does not support (${reason})` };
    return { problem: `is not a valid RE2 regular expression (${reason})` };
  }
  const size = re2.programSize();
  if (size > largestProgram) return { problem: `is too large to evaluate (${size} RE2 instructions, at most ${largestProgram})` };
  return { re2 };
}

/** Names the JavaScript-only construct a refused pattern most likely uses. */
function lackingConstruct(source: string): string | undefined {
  if (/\(\?<?[=!]/.test(source)) return 'lookahead or lookbehind ((?=, (?!, (?<=, (?<!)';
  if (/\\[1-9]|\\k</.test(source)) return 'a backreference (\\1, \\k<name>)';
  return undefined;
}
