import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { fixtureDir, loadTuneFixture } from './fixture.js';
import { runKt } from '../kt-bin.js';

/** Runs the built CLI (npm test builds first) on the fixture store. */
const kt = (args: string[]) => runKt(['--db', db, ...args]);

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-tune-cli-'));
  db = join(dir, 'kt.duckdb');
  const store = await openStore(db);
  await loadTuneFixture(store);
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kt config and kt tune on the command line', () => {
  it('lists, shows and diffs versions', async () => {
    const list = await kt(['config', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/cfg_fixture\s+1\.1\.0\s+Fixture assistant\s+sam\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\s/);
    expect(list.stdout).not.toMatch(/\dT\d{2}:\d{2}:\d{2}/);
    const show = await kt(['config', 'show', 'cfg_fixture', '1.0.0']);
    expect(show.stdout).toBe(readFileSync(join(fixtureDir, 'cfg-fixture-1.0.0.yaml'), 'utf8'));
    const diff = await kt(['config', 'diff', 'cfg_fixture', '1.0.0', '1.1.0']);
    expect(diff.stdout).toContain('unless.any: + "python process"');
    const missing = await kt(['config', 'show', 'cfg_fixture', '7.0.0']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^kt: Config cfg_fixture version 7\.0\.0 is not stored/);
  });

  it('suggests, replays and verifies', async () => {
    const out = join(dir, 'draft.yaml');
    const suggest = await kt(['tune', 'suggest', '--config-id', 'cfg_fixture', '--policy', 'human-oversight', '--reason-code', 'violence_terms', '--config-version', '1.0.0', '--out', out]);
    expect(suggest.code).toBe(0);
    expect(suggest.stdout).toMatch(/^Draft cfg_fixture 1\.2\.0 \(from 1\.0\.0\) written to /);
    const again = await kt(['tune', 'suggest', '--config-id', 'cfg_fixture', '--policy', 'human-oversight', '--reason-code', 'violence_terms', '--config-version', '1.0.0', '--out', out]);
    expect(again.code).toBe(6);
    const whatif = await kt(['--json', 'tune', 'whatif', '--draft', join(fixtureDir, 'draft-1.1.0.yaml'), '--since', '2025-12-01T00:00:00Z', '--config-version', '1.0.0']);
    expect(whatif.code).toBe(0);
    expect(JSON.parse(whatif.stdout).removed.true_positives).toEqual(['evt_e05']);
    const verify = await kt(['tune', 'verify', '--config-id', 'cfg_fixture', '--config-version', '1.1.0']);
    expect(verify.code).toBe(0);
    // Replayed today, long after 1.1.0 went live (2026-02-01): shown, but not as a prediction.
    expect(verify.stdout).toMatch(/^Not a prediction: .* because it was made after version 1\.1\.0 went live\./);
    expect(verify.stdout).toMatch(/replayed 307\.7, measured 200\.0/);
    const missing = await kt(['tune', 'whatif', '--draft', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Cannot read the draft .*nope\.yaml: no such file/);
  });
});
