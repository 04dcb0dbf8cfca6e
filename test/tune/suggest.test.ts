import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configVersion } from '../../src/configs/versions.js';
import { configurationSchema } from '../../src/domain/configuration.js';
import { ingestFile } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { pickTerms, suggestNarrowing } from '../../src/tune/suggest.js';
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
});

describe('picking exception terms', () => {
  const term = (t: string, fp: number, tp: number, z: number) => ({ term: t, false_positives: fp, true_positives: tp, z });

  it('prefers supported terms never seen in true positives, skipping overlaps and match terms', () => {
    const { terms, warnings } = pickTerms(
      [term('kill', 9, 5, 3), term('kill a', 9, 0, 3), term('python process', 8, 0, 2.9), term('python', 8, 0, 2.8), term('zombie', 4, 0, 2), term('rare', 1, 0, 5)],
      new Set(['kill']),
      3,
      10,
    );
    expect(terms.map((t) => t.term)).toEqual(['python process', 'zombie']);
    expect(warnings).toEqual([]);
  });

  it('proposes only the strongest term, with a warning, when every candidate hits true positives', () => {
    const { terms, warnings } = pickTerms([term('process', 6, 2, 2), term('python', 5, 1, 1)], new Set(), 3, 6);
    expect(terms.map((t) => t.term)).toEqual(['process']);
    expect(warnings[0]).toMatch(/"process" also occurs in 2 true positive/);
  });
});
