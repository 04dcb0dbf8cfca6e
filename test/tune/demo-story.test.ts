import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configVersion } from '../../src/configs/versions.js';
import { runDemo } from '../../src/demo/run.js';
import { storyConfigId, storyPolicy, storyReasonCode, storyVersions } from '../../src/demo/story.js';
import { openStore, type Store } from '../../src/store/database.js';
import { suggestNarrowing } from '../../src/tune/suggest.js';
import { verifyPrediction } from '../../src/tune/verify.js';
import { whatif, type WhatifResult } from '../../src/tune/whatif.js';

/**
 * The demo's planted story through the tune commands, on a small demo: suggest on
 * the over-broad 2.3.0 cluster, replay the suggestion and the 2.4.0 that was
 * actually deployed over 2.3.0's traffic, then verify 2.4.0.
 */
let dir: string;
let store: Store;
const end = '2026-11-20';
const now = new Date(`${end}T00:00:00Z`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-tune-demo-'));
  const db = join(dir, 'kt.duckdb');
  await runDemo(db, { seed: 7, scale: 0.05, end }, 'test');
  store = await openStore(db);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const violence = (r: WhatifResult) => r.by_rule.find((b) => b.policy === storyPolicy && b.reason_code === storyReasonCode)!;

async function replayVersion(version: string, draftText?: string): Promise<WhatifResult> {
  const text = draftText ?? (await configVersion(store, storyConfigId, version)).source_text;
  return whatif(store, { draft_text: text, since: '120d', config_version: storyVersions.broad }, 'everyone', now);
}

describe('the demo story through kt tune', () => {
  it('replaying 2.3.0 on its own traffic reproduces its escalations exactly', async () => {
    const same = await replayVersion(storyVersions.broad);
    expect(same.removed.total).toBe(0);
    expect(same.added.total).toBe(0);
    expect(same.projected.escalations).toBe(same.current.escalations);
  });

  it('suggests exceptions for the over-broad rule that remove false positives when replayed', async () => {
    const s = await suggestNarrowing(store, { config_id: storyConfigId, policy: storyPolicy, reason_code: storyReasonCode, version: storyVersions.broad });
    expect(s.version).toBe('2.5.0');
    expect(s.terms.length).toBeGreaterThan(0);
    const replay = await replayVersion(s.version, s.text);
    expect(replay.removed.false_positives.length).toBeGreaterThan(0);
    expect(s.coverage.true_positives).toBe(0);
    expect(replay.removed.true_positives).toEqual([]);
    expect(violence(replay).projected.escalations).toBeLessThan(violence(replay).current.escalations);
    expect(violence(replay).projected.false_positives).toBeLessThan(violence(replay).current.false_positives);
  });

  it('predicts the deployed 2.4.0 from 2.3.0 traffic, and verify compares with what 2.4.0 measured', async () => {
    const replay = await replayVersion(storyVersions.narrowed);
    expect(replay.removed.false_positives.length).toBeGreaterThan(0);
    expect(violence(replay).projected.escalations_per_1k!).toBeLessThan(violence(replay).current.escalations_per_1k!);
    const check = await verifyPrediction(store, { config_id: storyConfigId, version: storyVersions.narrowed });
    expect(check.prediction_id).toBe(replay.prediction_id);
    expect(check.measured.events).toBeGreaterThan(0);
    const rule = check.by_rule.find((b) => b.reason_code === storyReasonCode)!;
    expect(rule.changed_by_draft).toBe(true);
    expect(rule.escalations_per_1k.measured).not.toBeNull();
    expect(rule.escalations_per_1k.absolute_difference).toBeCloseTo(rule.escalations_per_1k.measured! - rule.escalations_per_1k.predicted!, 9);
  });
});
