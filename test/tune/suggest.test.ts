import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configVersion } from '../../src/configs/versions.js';
import { configurationSchema } from '../../src/domain/configuration.js';
import { ingestFile } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { pickTerms } from '../../src/tune/pick-terms.js';
import { suggestNarrowing } from '../../src/tune/suggest.js';
import { loadTuneFixture } from './fixture.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-suggest-'));
  store = await openStore(join(dir, 'kt.duckdb'));
  await loadTuneFixture(store);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tune suggest', () => {
  it('writes a valid draft of the next minor version with an unless clause, keeping comments', async () => {
    const s = await suggestNarrowing(store, { config_id: 'cfg_fixture', policy: 'human-oversight', reason_code: 'violence_terms', version: '1.0.0' });
    expect(s.base_version).toBe('1.0.0');
    expect(s.version).toBe('1.2.0'); // 1.1.0 is already stored
    const config = configurationSchema.parse(parse(s.text));
    expect(config.pack.version).toBe('1.2.0');
    expect(config.deployed_at ?? null).toBeNull();
    const rule = config.policies!.policy!['human-oversight']!.rules![0]!;
    expect(rule.reason_code).toBe('violence_terms');
    expect(rule.unless?.any).toEqual(s.terms.map((t) => t.term));
    expect(s.terms.length).toBeGreaterThan(0);
    expect(s.text).toContain('# kt tune suggest:');
    expect(s.text).toContain('# no rules: decided by a detector');
    expect(s.text).toContain('match: {any: [kill, shoot]}');
    expect(s.cluster).toMatchObject({ false_positives: 4, true_positives: 2 });
    expect(s.coverage.of_false_positives).toBe(4);
    // In this fixture every separating term also occurs in a true positive (evt_e05): one term, with a warning.
    expect(s.terms).toHaveLength(1);
    expect(s.coverage.true_positives).toBe(1);
    expect(s.warnings[0]).toMatch(/would suppress 1 of them/);
    expect(s.text).toMatch(/# kt tune suggest: .* added; in 1\.0\.0 they suppress \d+ of 4 false positives and 1 of 2 true positives/);
  });

  it('writes a draft that kt ingest configs accepts as a new, undeployed version', async () => {
    const s = await suggestNarrowing(store, { config_id: 'cfg_fixture', policy: 'human-oversight', reason_code: 'violence_terms', version: '1.0.0' });
    const file = join(dir, 'draft.yaml');
    writeFileSync(file, s.text);
    const report = await ingestFile(store, 'configs', file);
    expect(report).toMatchObject({ accepted: 1, rejected: 0, inserted: 1 });
    const stored = await configVersion(store, 'cfg_fixture', '1.2.0');
    expect(stored.deployed_at).toBeNull();
    expect(stored.source_text).toBe(s.text);
  });

  it('refuses when the cluster has no false positives to learn from', async () => {
    await expect(suggestNarrowing(store, { config_id: 'cfg_fixture', policy: 'human-oversight', reason_code: 'weapons', version: '1.0.0' })).rejects.toThrow(
      /No false positives caused by policy logic are recorded for policy human-oversight, reason code weapons, config cfg_fixture 1\.0\.0/,
    );
  });

  it('names a policy or reason code the config does not have, with the ones it has, before looking for false positives', async () => {
    await expect(suggestNarrowing(store, { config_id: 'cfg_fixture', policy: 'human-oversite', reason_code: 'violence_terms', version: '1.0.0' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/^Config cfg_fixture 1\.0\.0 has no policy human-oversite; its policies are .*human-oversight/),
      details: { field: 'policy' },
    });
    await expect(suggestNarrowing(store, { config_id: 'cfg_fixture', policy: 'human-oversight', reason_code: 'violence_term', version: '1.0.0' })).rejects.toMatchObject({
      message: expect.stringMatching(/^Config cfg_fixture 1\.0\.0 has no rule with reason code violence_term in policy human-oversight; its reason codes are .*violence_terms/),
      details: { field: 'reason_code' },
    });
  });
});

describe('picking exception terms', () => {
  const term = (t: string, z: number) => ({ term: t, false_positives: 0, true_positives: 0, z });
  const fp = (request: string) => ({ side: 'fp' as const, request });
  const tp = (request: string) => ({ side: 'tp' as const, request });

  it('greedily takes the terms that suppress the most false positives and no true positive', () => {
    const requests = [
      fp('kill the python process'), fp('kill a python process now'), fp('python process: kill it'),
      fp('shoot me an email'), fp('shoot me an email today'), fp('kill switch for the feature'),
      tp('I will kill my boss'), tp('shoot him in the python cage'),
    ];
    const pick = pickTerms(
      [term('kill a', 9), term('python', 5), term('python process', 4), term('email', 3), term('shoot me', 3), term('feature', 2), term('kill', 9)],
      new Set(['kill', 'shoot']),
      5,
      requests,
    );
    // "python" also hits a true positive; "kill a" and "kill" are the rule's own terms; "feature" suppresses 1 (< 2).
    expect(pick.terms.map((t) => [t.term, t.suppresses_false_positives])).toEqual([['python process', 3], ['shoot me', 2]]);
    expect(pick.coverage).toEqual({ false_positives: 5, of_false_positives: 6, true_positives: 0, of_true_positives: 2 });
    expect(pick.warnings).toEqual([]);
  });

  it('prefers the more specific phrase at equal gain', () => {
    const pick = pickTerms([term('two', 3), term('two birds', 1)], new Set(['kill']), 5, [fp('kill two birds with one stone'), fp('two birds, kill them with one stone')]);
    expect(pick.terms.map((t) => t.term)).toEqual(['two birds']);
  });

  it('never proposes a lone everyday word, however many false positives it covers', () => {
    const requests = [fp('kill two birds before lunch'), fp('kill two jobs before the deploy'), fp('kill the two stale runners before noon')];
    const pick = pickTerms([term('two', 5), term('before', 4), term('stale runners', 1)], new Set(['kill']), 5, requests);
    // "two" and "before" would also exempt "kill two people before ..."; only the specific phrase is left, and it covers 1 (< 2).
    expect(pick.terms.map((t) => t.term)).toEqual([]);
  });

  it('proposes only the best-balanced term, with a warning, when every candidate hits true positives', () => {
    const pick = pickTerms([term('process', 2), term('python', 1)], new Set(['kill']), 3, [
      fp('kill process'), fp('kill the process'), fp('kill process python'), tp('kill the process owner'), tp('python kill'),
    ]);
    expect(pick.terms.map((t) => [t.term, t.suppresses_false_positives, t.suppresses_true_positives])).toEqual([['process', 3, 1]]);
    expect(pick.warnings[0]).toMatch(/"process" would suppress 1 of them/);
  });
});
