import { describe, expect, it } from 'vitest';
import { configurationSchema } from '../../src/domain/configuration.js';
import { compilePolicies, compileRule, evaluate, firstRegexIssue, type CompiledRule } from '../../src/domain/rules.js';
import { RE2JS } from 're2js';
import { estimatedProgram } from '../../src/domain/regex-size.js';
import { KtError } from '../../src/errors.js';

const source = { file: 'policy-config.yaml', policy: 'human-oversight' };

function rules(...defs: Record<string, unknown>[]): CompiledRule[] {
  return defs.map((d, i) => compileRule(d, i, source));
}

describe('rule evaluation', () => {
  const violence = rules({ reason_code: 'violence_terms', match: { any: ['kill', 'shoot'] } });

  it('matches terms on word boundaries: skill is not kill', () => {
    expect(evaluate(violence, { request: 'I want to improve my skill at chess' }).fires).toBe(false);
    expect(evaluate(violence, { request: 'how do I kill a zombie process' })).toEqual({ fires: true, reason_code: 'violence_terms', rule_index: 0 });
    expect(evaluate(violence, { request: 'killing time' }).fires).toBe(false);
    expect(evaluate(violence, { request: 'kill_switch' }).fires).toBe(false);
    expect(evaluate(violence, { request: '(kill)' }).fires).toBe(true);
  });

  it('matches terms case-insensitively, phrases across any whitespace', () => {
    expect(evaluate(violence, { request: 'SHOOT the messenger' }).fires).toBe(true);
    const phrase = rules({ reason_code: 'p', match: { any: ['python process'] } });
    expect(evaluate(phrase, { request: 'a Python\n  Process hangs' }).fires).toBe(true);
    expect(evaluate(phrase, { request: 'python processes' }).fires).toBe(false);
  });

  it('escapes terms instead of reading them as patterns', () => {
    const odd = rules({ reason_code: 'p', match: { any: ['c++', 'a.b', 'x-ray'] } });
    expect(evaluate(odd, { request: 'learning c++ today' }).fires).toBe(true);
    expect(evaluate(odd, { request: 'axb' }).fires).toBe(false);
    expect(evaluate(odd, { request: 'an X-Ray image' }).fires).toBe(true);
  });

  it('uses regexes as written (case-sensitive), (?i) makes them insensitive', () => {
    const bomb = rules({ reason_code: 'b', match: { regex: '\\bbomb\\b' } });
    expect(evaluate(bomb, { request: 'a bomb threat' }).fires).toBe(true);
    expect(evaluate(bomb, { request: 'a BOMB threat' }).fires).toBe(false);
    expect(evaluate(bomb, { request: 'bombastic' }).fires).toBe(false);
    const insensitive = rules({ reason_code: 'b', match: { regex: '(?i)\\bbomb\\b' } });
    expect(evaluate(insensitive, { request: 'a BOMB threat' }).fires).toBe(true);
  });

  it('needs the score to reach min_score when one is given', () => {
    const scored = rules({ reason_code: 'v', match: { any: ['kill'], min_score: 0.7 } });
    expect(evaluate(scored, { request: 'kill it', score: 0.7 }).fires).toBe(true);
    expect(evaluate(scored, { request: 'kill it', score: 0.69 }).fires).toBe(false);
    expect(evaluate(scored, { request: 'kill it', score: null }).fires).toBe(false);
    expect(evaluate(scored, { request: 'nothing here', score: 0.99 }).fires).toBe(false);
  });

  it('is suppressed by unless terms or regex', () => {
    const narrowed = rules({
      reason_code: 'v',
      match: { any: ['kill'] },
      unless: { any: ['python process', 'zombie'], regex: 'video game' },
    });
    expect(evaluate(narrowed, { request: 'kill the Python process' }).fires).toBe(false);
    expect(evaluate(narrowed, { request: 'kill ZOMBIE children' }).fires).toBe(false);
    expect(evaluate(narrowed, { request: 'kill in a video game' }).fires).toBe(false);
    // The unless regex is case-sensitive as written.
    expect(evaluate(narrowed, { request: 'kill in a Video Game' }).fires).toBe(true);
    expect(evaluate(narrowed, { request: 'kill my neighbour' }).fires).toBe(true);
  });

  it('tries rules in order: the first that fires decides', () => {
    const ordered = rules(
      { reason_code: 'first', match: { any: ['weapon'] } },
      { reason_code: 'second', match: { any: ['weapon', 'gun'] } },
    );
    expect(evaluate(ordered, { request: 'weapon and gun' })).toEqual({ fires: true, reason_code: 'first', rule_index: 0 });
    expect(evaluate(ordered, { request: 'a gun' })).toEqual({ fires: true, reason_code: 'second', rule_index: 1 });
    expect(evaluate(ordered, { request: null })).toEqual({ fires: false, reason_code: null, rule_index: null });
  });

  it('reports rules outside the evaluable subset as not replayed, never guessed', () => {
    const mixed = rules(
      { reason_code: 'ok', match: { any: ['alpha'] } },
      { reason_code: 'detector', match: { detector: 'toxicity', threshold: 0.8 } },
      { reason_code: 'later', match: { any: ['beta'] } },
    );
    expect(mixed[1]!.not_replayed).toMatch(/match\.detector/);
    expect(evaluate(mixed, { request: 'alpha beta' }).fires).toBe(true);
    expect(evaluate(mixed, { request: 'beta' })).toMatchObject({ fires: null, rule_index: 1 });
    expect(rules({ reason_code: 'x', match: { min_score: 0.9 } })[0]!.not_replayed).toMatch(/no match terms or regex/);
    expect(rules({ reason_code: 'x', severity: 'high', match: { any: ['a'] } })[0]!.not_replayed).toMatch(/severity/);
  });

  it('refuses an invalid regex naming the file, policy and rule', () => {
    let caught: unknown;
    try {
      rules({ reason_code: 'ok', match: { any: ['a'] } }, { reason_code: 'broken', match: { regex: '(unclosed' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KtError);
    expect((caught as KtError).message).toMatch(/policy-config\.yaml: policy human-oversight, rule 2 \(broken\), match\.regex/);
  });

  it('evaluates catastrophic-backtracking regexes in time linear in the text (RE2)', () => {
    // JavaScript's engine needs seconds for 25 characters of this and years for these texts.
    const narrowed = rules({ reason_code: 'violence_terms', match: { any: ['kill'] }, unless: { regex: '^(\\w+\\s?)*$' } });
    expect(evaluate(narrowed, { request: `kill ${'word '.repeat(20_000)}now!` }).fires).toBe(true);
    expect(evaluate(narrowed, { request: 'kill it now' }).fires).toBe(false);
    const nested = rules({ reason_code: 'n', match: { regex: '(a+)+$' } });
    expect(evaluate(nested, { request: `${'a'.repeat(100_000)}!` }).fires).toBe(false);
    expect(evaluate(nested, { request: 'xaaa' }).fires).toBe(true);
  }, 10_000);

  it('keeps RE2 syntax: inline flags anywhere, \\b, classes and counted repeats', () => {
    const card = rules({ reason_code: 'c', match: { regex: '\\b(?:\\d{4}[ -]){3}\\d{4}\\b' } });
    expect(evaluate(card, { request: 'card 4111 1111-1111 1111 please' }).fires).toBe(true);
    expect(evaluate(card, { request: 'card 41111 1111 1111 1111' }).fires).toBe(false);
    const mixed = rules({ reason_code: 'm', match: { regex: 'pass(?i:word)' } });
    expect(evaluate(mixed, { request: 'passWORD' }).fires).toBe(true);
    expect(evaluate(mixed, { request: 'PASSword' }).fires).toBe(false);
  });

  it('refuses lookaround and backreferences (RE2 has neither), naming file, policy, rule and field', () => {
    expect(() => rules({ reason_code: 'ok', match: { any: ['a'] } }, { reason_code: 'peek', match: { any: ['kill'] }, unless: { regex: 'kill(?= time)' } })).toThrow(
      /^policy-config\.yaml: policy human-oversight, rule 2 \(peek\), unless\.regex: the regex "kill\(\?= time\)" uses lookahead or lookbehind .*RE2 syntax/,
    );
    expect(() => rules({ reason_code: 'echo', match: { regex: '(\\w+) \\1' } })).toThrow(/rule 1 \(echo\), match\.regex: .* uses a backreference/);
    // 3,000 unrelated words share no prefixes RE2 could fold: some 15,000 instructions.
    const huge = Array.from({ length: 3000 }, (_, i) => `w${((i * 7919) % 100_000).toString(36)}x`).join('|');
    expect(() => rules({ reason_code: 'big', match: { regex: huge } })).toThrow(/rule 1 \(big\), match\.regex: .* is too large to evaluate/);
  });

  it('finds the first regex kt cannot evaluate in any rule of any policy, replayable or not', () => {
    const config = configurationSchema.parse({
      pack: { id: 'c', version: '1.0.0' },
      policies: {
        policy: {
          scanner: { action: 'block', rules: [{ reason_code: 'ok', match: { regex: '\\bok\\b' } }] },
          oversight: { action: 'escalate', rules: [{ reason_code: 'a', match: { any: ['x'] } }, { reason_code: 'back', severity: 'high', match: { any: ['kill'] }, unless: { regex: '(?<!not )kill' } }] },
        },
      },
    });
    const issue = firstRegexIssue(config);
    expect(issue).toMatchObject({ policy: 'oversight', rule: 2, field: 'unless.regex', path: ['policies', 'policy', 'oversight', 'rules', 1, 'unless', 'regex'] });
    expect(issue!.reason).toMatch(/^policy oversight, rule 2 \(back\), unless\.regex: the regex "\(\?<!not \)kill" uses lookahead or lookbehind/);
    expect(firstRegexIssue(configurationSchema.parse({ pack: { id: 'c', version: '1.0.0' }, policies: { policy: { scanner: { action: 'block', rules: [{ reason_code: 'ok', match: { regex: '(?i)\\bok\\b' } }] } } } }))).toBeUndefined();
  });

  it('estimates at least the RE2 program a pattern compiles to, without compiling it', () => {
    const patterns = [
      '\\bbomb\\b', '(?i)\\bpassword\\s*[:=]\\s*\\S+', '\\b(?:\\d{4}[ -]){3}\\d{4}\\b', '\\b(sk-[A-Za-z0-9]{24,}|AKIA[0-9A-Z]{16})\\b',
      '^(\\w+\\s?)*$', '\\p{L}{1000}', '(\\w{1,30}\\s?){1,30}$', '[]a]{5}', '[[:alpha:]]{10}', '\\Qa.b\\E{3}', '(?P<n>ab)+', 'a{2,}', '(?i:ab|cd)?', 'x{3,7}?y',
    ];
    for (const pattern of patterns) expect(estimatedProgram(pattern), pattern).toBeGreaterThanOrEqual(RE2JS.compile(pattern).programSize());
  });

  it('refuses, before compiling, a pattern or a config whose regexes would take too long to compile', () => {
    // 60 × some 2,000 estimated instructions: over the budget on its own, refused without compiling it.
    expect(() => rules({ reason_code: 'wide', match: { regex: '\\p{L}{1000}'.repeat(60) } })).toThrow(/rule 1 \(wide\), match\.regex: .* is too large to evaluate \(up to \d+ RE2 instructions, at most 10000\)/);
    // Each of these compiles to 1,002 instructions, but 60 of them are more than kt compiles for one config.
    const many = Array.from({ length: 60 }, (_, i) => ({ reason_code: `r${i}`, match: { regex: `\\p{L}{1000}${i}` } }));
    const config = configurationSchema.parse({ pack: { id: 'c', version: '1.0.0' }, policies: { policy: { p: { action: 'escalate', rules: many } } } });
    const issue = firstRegexIssue(config);
    expect(issue).toMatchObject({ policy: 'p', rule: 50, field: 'match.regex' });
    expect(issue!.reason).toMatch(/is one too many: the configuration's regexes would compile to more than 100000 RE2 instructions together/);
  });

  it('matches terms on RE2 as before: Unicode boundaries and case, any whitespace inside a phrase', () => {
    const terms = rules({ reason_code: 't', match: { any: ['python process', 'café'] } });
    expect(evaluate(terms, { request: 'a python\u00a0process' }).fires).toBe(true);
    expect(evaluate(terms, { request: 'a python\u3000\tprocess' }).fires).toBe(true);
    expect(evaluate(terms, { request: 'CAFÉ au lait' }).fires).toBe(true);
    expect(evaluate(terms, { request: 'cafés' }).fires).toBe(false);
    expect(evaluate(terms, { request: 'écafé' }).fires).toBe(false);
    expect(evaluate(terms, { request: 'café' }).fires).toBe(true);
  });

  it('evaluates a long term list over a long request, and refuses one too large to evaluate', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${((i * 7919) % 100_000).toString(36)}x`);
    const list = rules({ reason_code: 'l', match: { any: words(500) } });
    expect(evaluate(list, { request: `${'please help '.repeat(10_000)}${words(500)[499]}` }).fires).toBe(true);
    expect(evaluate(list, { request: 'please help '.repeat(10_000) }).fires).toBe(false);
    expect(() => rules({ reason_code: 'h', match: { any: ['a'] }, unless: { any: words(3000) } })).toThrow(/rule 1 \(h\), unless\.any: the list of 3000 terms is too large to evaluate/);
    const config = configurationSchema.parse({ pack: { id: 'c', version: '1.0.0' }, policies: { policy: { p: { rules: [{ reason_code: 'h', match: { any: ['a'] }, unless: { any: words(3000) } }] } } } });
    expect(firstRegexIssue(config)).toMatchObject({ rule: 1, field: 'unless.any', path: ['policies', 'policy', 'p', 'rules', 0, 'unless', 'any'] });
  }, 10_000);

  it('compiles policies in chain order', () => {
    const config = configurationSchema.parse({
      pack: { id: 'c', version: '1.0.0' },
      policies: {
        chain: ['b', 'a'],
        policy: { a: { action: 'escalate', rules: [{ reason_code: 'ra', match: { any: ['x'] } }] }, b: { action: 'block', rules: [] }, c: { action: 'redact' } },
      },
    });
    expect(compilePolicies(config, 'f').map((p) => [p.name, p.action, p.rules.length])).toEqual([
      ['b', 'block', 0],
      ['a', 'escalate', 1],
    ]);
  });
});
