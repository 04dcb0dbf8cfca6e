import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/configs/diff.js';
import { formatConfigDiff } from '../../src/configs/diff-text.js';
import { compareSemver, nextMinorVersion } from '../../src/configs/semver.js';
import { configurationSchema } from '../../src/domain/configuration.js';
import { fixtureText } from '../tune/fixture.js';

const v1 = configurationSchema.parse(parse(fixtureText('cfg-fixture-1.0.0.yaml')));
const v2 = configurationSchema.parse(parse(fixtureText('cfg-fixture-1.1.0.yaml')));

describe('config diff', () => {
  it('reads as policies and rules added, removed and changed', () => {
    expect(formatConfigDiff(diffConfigs('cfg_fixture', '1.0.0', v1, '1.1.0', v2))).toBe(
      [
        'config cfg_fixture: 1.0.0 → 1.1.0',
        '  pack.version: "1.0.0" → "1.1.0"',
        '  pack.author: "pat" → "sam"',
        '  deployed_at: "2026-01-01T00:00:00Z" → "2026-02-01T00:00:00Z"',
        '  ~ policy human-oversight',
        '      + rule jailbreak (#3): {"reason_code":"jailbreak","match":{"any":["ignore previous instructions"]}}',
        '      - rule self_harm (#3): {"reason_code":"self_harm","match":{"any":["hurt myself"],"min_score":0.5}}',
        '      ~ rule violence_terms (#1)',
        '          match.any: + "stab"',
        '          unless.any: + "python process"',
        '  ~ target openai-prod',
        '      escalation_routing.user_id: set to "alice"',
        '',
      ].join('\n'),
    );
  });

  it('is structured for --json, and says when only the version moved', () => {
    const diff = diffConfigs('cfg_fixture', '1.0.0', v1, '1.1.0', v2);
    expect(diff.identical).toBe(false);
    expect(diff.policies).toMatchObject({ added: [], removed: [] });
    const rule = diff.policies.changed[0]!.rules.changed[0]!;
    expect(rule).toMatchObject({ reason_code: 'violence_terms', from_position: 1, to_position: 1 });
    expect(rule.changes).toContainEqual({ path: 'match.any', from: ['kill', 'shoot'], to: ['kill', 'shoot', 'stab'], added: ['stab'], removed: [] });
    const same = diffConfigs('cfg_fixture', '1.0.0', v1, '1.0.1', { ...v1, pack: { ...v1.pack, version: '1.0.1' } });
    expect(same.identical).toBe(true);
    expect(formatConfigDiff(same)).toContain('(no change to policies, rules or targets)');
  });

  it('shows a reordered chain whole, also when policies are added or dropped beside the reorder', () => {
    const withChain = (version: string, chain: string[]) =>
      ({ ...v1, pack: { ...v1.pack, version }, policies: { ...v1.policies, chain } }) as typeof v1;
    const lines = (from: string[], to: string[]) =>
      formatConfigDiff(diffConfigs('cfg_fixture', '1.0.0', withChain('1.0.0', from), '1.1.0', withChain('1.1.0', to))).split('\n');
    expect(lines(['a', 'b'], ['b', 'a', 'c'])).toContain('  policies.chain: ["a","b"] → ["b","a","c"] (+ "c")');
    expect(lines(['a', 'b', 'c'], ['c', 'a'])).toContain('  policies.chain: ["a","b","c"] → ["c","a"] (- "b")');
    expect(lines(['a', 'b'], ['b', 'a'])).toContain('  policies.chain: ["a","b"] → ["b","a"]');
    // Order kept: only what was added is news.
    expect(lines(['a', 'b'], ['a', 'c', 'b'])).toContain('  policies.chain: + "c"');
    const diff = diffConfigs('cfg_fixture', '1.0.0', withChain('1.0.0', ['a', 'b']), '1.1.0', withChain('1.1.0', ['b', 'a', 'c']));
    expect(diff.chain).toEqual({ path: 'policies.chain', from: ['a', 'b'], to: ['b', 'a', 'c'], added: ['c'], removed: [], reordered: true });
  });

  it('orders versions by SemVer and proposes the next minor', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-rc.1'].sort(compareSemver)).toEqual(['1.2.0-rc.1', '1.2.0', '1.10.0']);
    expect(nextMinorVersion(['2.3.0', '2.4.1', '2.3.9'])).toBe('2.5.0');
  });
});
