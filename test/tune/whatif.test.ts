import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KtError } from '../../src/errors.js';
import { openStore, type Store } from '../../src/store/database.js';
import { parseDraft } from '../../src/tune/draft.js';
import { verifyPrediction } from '../../src/tune/verify.js';
import { whatif } from '../../src/tune/whatif.js';
import { fixtureText, loadTuneFixture } from './fixture.js';

let dir: string;
let store: Store;
const now = new Date('2026-03-01T00:00:00Z');
/** Before 1.1.0 went live (2026-02-01): a replay then is a prediction. */
const beforeDeploy = new Date('2026-01-20T00:00:00Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-whatif-'));
  store = await openStore(join(dir, 'kt.duckdb'));
  await loadTuneFixture(store);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tune whatif', () => {
  it('replays the draft over version 1.0.0 traffic with the known outcomes', async () => {
    const result = await whatif(store, { draft_text: fixtureText('draft-1.1.0.yaml'), draft_file: 'draft-1.1.0.yaml', since: '90d', config_version: '1.0.0' }, 'everyone', now);
    expect(result.config_id).toBe('cfg_fixture');
    expect(result.draft_version).toBe('1.1.0');
    expect(result.policies).toEqual(['human-oversight']);
    // Out of scope: evt_e13 (other config), evt_e14 (before the window), evt_f* (version 1.1.0).
    expect(result.events).toBe(13);
    expect(result.current).toMatchObject({ escalations: 8, resolved: 7, false_positives: 3, true_positives: 3 });
    expect(result.removed.false_positives).toEqual(['evt_e01', 'evt_e02']);
    expect(result.removed.true_positives).toEqual(['evt_e05']);
    expect(result.removed.unreviewed).toBe(1);
    expect(result.removed.other_resolved).toEqual({ benign_positive: 1 });
    expect(result.removed.total).toBe(5);
    expect(result.added).toEqual({ total: 1, by_reason_code: { violence_terms: 1 }, sample_ids: ['evt_e10'] });
    expect(result.projected).toMatchObject({ escalations: 4, resolved: 3, false_positives: 1, true_positives: 2 });
    expect(result.current.escalations_per_1k).toBeCloseTo((8 / 13) * 1000, 6);
    expect(result.projected.escalations_per_1k).toBeCloseTo((4 / 13) * 1000, 6);
    expect(result.current.false_positive_rate).toBeCloseTo(3 / 7, 6);
    expect(result.projected.false_positive_rate).toBeCloseTo(1 / 3, 6);
    expect(result.by_rule.map((r) => [r.reason_code, r.current.escalations, r.projected.escalations, r.projected.false_positives])).toEqual([
      ['violence_terms', 7, 3, 1],
      ['weapons', 1, 1, 0],
    ]);
    expect(result.not_replayed).toEqual([
      { policy: 'content-filter', rule: null, reason_code: null, reason: 'its action is block, not escalate' },
      { policy: 'pii-detector', rule: null, reason_code: null, reason: 'it has no rules kt can evaluate' },
    ]);
  });

  it('replays every version in the window by default and stores the prediction', async () => {
    const result = await whatif(store, { draft_text: fixtureText('draft-1.1.0.yaml'), since: '90d' }, 'everyone', now);
    expect(result.events).toBe(23);
    expect(result.window).toEqual({ since: '2025-12-01T00:00:00.000Z', until: null, config_version: null, teams: null });
    const stored = await store.all<{ id: string; draft_version: string }>('SELECT id, draft_version FROM whatif_predictions');
    expect(stored).toEqual([{ id: result.prediction_id, draft_version: '1.1.0' }]);
  });

  it('refuses a draft with an invalid regex, naming file, policy and rule', async () => {
    const broken = fixtureText('draft-1.1.0.yaml').replace('"\\\\bbomb\\\\b"', '"(bomb"');
    await expect(whatif(store, { draft_text: broken, draft_file: 'draft.yaml' }, 'everyone', now)).rejects.toThrow(/draft\.yaml: policy human-oversight, rule 2 \(weapons\), match\.regex/);
  });

  it('replays a catastrophic-backtracking unless regex over a long request, and answers', async () => {
    // Allowed today; the draft's violence_terms fires on "kill" unless the request is only words.
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, config_id, config_version, request)
       VALUES ('evt_long', '2026-01-20T10:00:00Z', 'allow', 'cfg_fixture', '1.0.0', $request)`,
      { request: `kill ${'word '.repeat(20_000)}now!` },
    );
    const draft = fixtureText('draft-1.1.0.yaml').replace('unless: { any: [python process] }', () => "unless: { regex: '^(\\w+\\s?)*$' }");
    const result = await whatif(store, { draft_text: draft, draft_file: 'draft.yaml', since: '90d', config_version: '1.0.0' }, 'everyone', now);
    expect(result.added.sample_ids).toContain('evt_long');
    // "kill a zombie process" is only words: the unless regex suppresses it.
    expect(result.removed.total).toBeGreaterThan(0);
  }, 20_000);

  it('refuses a draft whose regex RE2 cannot run, before replaying, naming file, policy, rule and field', async () => {
    const lookbehind = fixtureText('draft-1.1.0.yaml').replace('unless: { any: [python process] }', "unless: { regex: '(?<!a )python' }");
    expect(() => parseDraft(lookbehind, 'draft.yaml')).toThrow(
      /^draft\.yaml: policy human-oversight, rule 1 \(violence_terms\), unless\.regex: the regex "\(\?<!a \)python" uses lookahead or lookbehind/,
    );
    try {
      parseDraft(lookbehind, 'draft.yaml');
    } catch (error) {
      expect((error as KtError).details).toMatchObject({ file: 'draft.yaml', line: 15, policy: 'human-oversight', rule: 1, field: 'unless.regex' });
    }
    await expect(whatif(store, { draft_text: lookbehind, draft_file: 'draft.yaml' }, 'everyone', now)).rejects.toThrow(/draft\.yaml: policy human-oversight, rule 1/);
    expect(await store.all('SELECT id FROM whatif_predictions')).toEqual([]);
  });

  it('refuses a draft for a config with no events in the window', async () => {
    const other = fixtureText('draft-1.1.0.yaml').replace('id: cfg_fixture', 'id: cfg_nobody');
    await expect(whatif(store, { draft_text: other }, 'everyone', now)).rejects.toThrow(/No stored events of config cfg_nobody/);
  });
});

describe('tune verify', () => {
  it('holds the stored prediction for 1.1.0 against the traffic measured under 1.1.0', async () => {
    const prediction = await whatif(store, { draft_text: fixtureText('draft-1.1.0.yaml'), since: '90d', config_version: '1.0.0' }, 'everyone', beforeDeploy);
    const result = await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' });
    expect(result.prediction_id).toBe(prediction.prediction_id);
    expect(result).toMatchObject({ made_before_deploy: true, not_a_prediction_because: null });
    // Under 1.1.0: 10 events, 2 escalations (evt_f01 true positive, evt_f02 false positive).
    expect(result.measured).toEqual({ events: 10, escalations: 2, resolved: 2, false_positives: 1, true_positives: 1 });
    const volume = result.escalations_per_1k;
    expect(volume.predicted).toBeCloseTo((4 / 13) * 1000, 6);
    expect(volume.measured).toBeCloseTo(200, 6);
    expect(volume.absolute_difference).toBeCloseTo(200 - (4 / 13) * 1000, 6);
    expect(volume.relative_difference).toBeCloseTo((200 - (4 / 13) * 1000) / ((4 / 13) * 1000), 6);
    expect(volume.within_interval).toBe(true);
    const fp = result.false_positive_rate;
    expect(fp.predicted).toBeCloseTo(1 / 3, 6);
    expect(fp.measured).toBeCloseTo(0.5, 6);
    expect(fp.within_interval).toBe(true);
    expect(result.summary).toMatch(/escalations per 1k events predicted 307\.7, measured 200\.0 \(-107\.7, -35%, within the predicted interval\)/);
    expect(result.summary).toMatch(/false-positive rate predicted 33\.3%, measured 50\.0% \(\+16\.7 points, \+50%/);
    const violence = result.by_rule.find((r) => r.reason_code === 'violence_terms')!;
    expect(violence.changed_by_draft).toBe(true);
    expect(violence.measured).toEqual({ escalations: 2, resolved: 2, false_positives: 1, true_positives: 1 });
    expect(violence.escalations_per_1k.predicted).toBeCloseTo((3 / 13) * 1000, 6);
    expect(result.by_rule.find((r) => r.reason_code === 'weapons')).toMatchObject({ changed_by_draft: false, measured: { escalations: 0 } });
  });

  it('says when no prediction exists or the version is not deployed', async () => {
    await expect(verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' })).rejects.toThrow(/No what-if prediction is stored for config cfg_fixture version 1\.1\.0/);
    await expect(verifyPrediction(store, { config_id: 'cfg_fixture', version: '9.9.9' })).rejects.toThrow(/version 9\.9\.9 is not stored; stored versions: 1\.0\.0, 1\.1\.0/);
  });
});

describe('tune verify against another draft', () => {
  it("holds a draft's prediction against the version that was actually deployed", async () => {
    const draft = fixtureText('draft-1.1.0.yaml').replace('version: 1.1.0', 'version: 1.2.0');
    await whatif(store, { draft_text: draft, since: '90d', config_version: '1.0.0' }, 'everyone', beforeDeploy);
    const result = await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0', draft_version: '1.2.0' });
    expect(result.draft_version).toBe('1.2.0');
    expect(result.escalations_per_1k.predicted).toBeCloseTo((4 / 13) * 1000, 6);
    expect(result.summary).toMatch(/^Config cfg_fixture 1\.1\.0 against the prediction for draft 1\.2\.0/);
  });
});

describe('tune verify: a prediction only when made before the deploy', () => {
  const draft = () => fixtureText('draft-1.1.0.yaml');

  it('says plainly when the only replay was made after the version went live', async () => {
    // Replaying the deployed version over its own traffic, after the deploy: it cannot miss.
    const replay = await whatif(store, { draft_text: draft(), since: '90d', config_version: '1.1.0' }, 'everyone', now);
    const result = await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' });
    expect(result).toMatchObject({ prediction_id: replay.prediction_id, made_before_deploy: false, not_a_prediction_because: 'it was made after version 1.1.0 went live' });
    expect(result.summary.startsWith(`Not a prediction: no replay made before the deploy is stored, and replay ${replay.prediction_id} does not count as one because it was made after version 1.1.0 went live. `)).toBe(true);
    expect(result.summary).not.toMatch(/predicted/);
    expect(result.summary).toMatch(/escalations per 1k events replayed 200\.0, measured 200\.0 \(0\.0, 0%, within the replayed interval\)/);
  });

  it('prefers an older prediction made before the deploy to a newer replay made after it', async () => {
    const prediction = await whatif(store, { draft_text: draft(), since: '90d', config_version: '1.0.0' }, 'everyone', beforeDeploy);
    await whatif(store, { draft_text: draft(), since: '90d', config_version: '1.1.0' }, 'everyone', now);
    await whatif(store, { draft_text: draft(), since: '90d', config_version: '1.0.0' }, 'everyone', now);
    const result = await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' });
    expect(result).toMatchObject({ prediction_id: prediction.prediction_id, made_before_deploy: true });
    expect(result.summary).toMatch(/^Config cfg_fixture 1\.1\.0 \(10 events/);
  });

  it("does not count a replay of the version's own traffic, or a window reaching past the deploy, even when made before it", async () => {
    // Made the day before the deploy; the fixture's 1.1.0 events stand in for canary traffic.
    const ownTraffic = await whatif(store, { draft_text: draft(), since: '2026-02-01T00:00:00Z', until: '2026-03-01T00:00:00Z', config_version: '1.1.0' }, 'everyone', new Date('2026-01-31T00:00:00Z'));
    expect((await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' })).not_a_prediction_because).toBe('it replayed the traffic of version 1.1.0 itself');
    await store.run('DELETE FROM whatif_predictions WHERE id = ?', [ownTraffic.prediction_id]);
    await whatif(store, { draft_text: draft(), since: '2026-01-01T00:00:00Z', until: '2026-03-01T00:00:00Z' }, 'everyone', new Date('2026-01-31T00:00:00Z'));
    expect((await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' })).not_a_prediction_because).toBe('its window reaches past the deploy of version 1.1.0');
    // Every version, in a window that ends before the deploy: a prediction.
    const open = await whatif(store, { draft_text: draft(), since: '90d' }, 'everyone', beforeDeploy);
    expect(await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' })).toMatchObject({ prediction_id: open.prediction_id, made_before_deploy: true });
  });

  it("holds only a replay over every team against the measurement of every team's traffic", async () => {
    // The fixture's events carry no team: a newer copy of the prediction, marked as over team red, stands in for one.
    const all = await whatif(store, { draft_text: draft(), since: '90d', config_version: '1.0.0' }, 'everyone', beforeDeploy);
    await store.run(`INSERT INTO whatif_predictions SELECT 'wif_red', config_id, draft_version, created_at + INTERVAL 1 DAY, "window", json_merge_patch(numbers, '{"window": {"teams": ["red"]}}'), draft_text FROM whatif_predictions WHERE id = ?`, [all.prediction_id]);
    expect((await verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' })).prediction_id).toBe(all.prediction_id);
    await store.run('DELETE FROM whatif_predictions WHERE id = ?', [all.prediction_id]);
    await expect(verifyPrediction(store, { config_id: 'cfg_fixture', version: '1.1.0' })).rejects.toThrow(/No what-if prediction over every team is stored for config cfg_fixture version 1\.1\.0 \(1 replayed only some teams' traffic/);
  });
});

describe('tune whatif with a rule outside the evaluable subset', () => {
  it('keeps the escalations it could decide as undetermined and adds none, listing the rule', async () => {
    const draft = fixtureText('draft-1.1.0.yaml').replace(
      '      rules:\n        - reason_code: violence_terms',
      '      rules:\n        - reason_code: toxicity\n          match: { detector: toxicity, threshold: 0.9 }\n        - reason_code: violence_terms',
    );
    const result = await whatif(store, { draft_text: draft, since: '90d', config_version: '1.0.0' }, 'everyone', now);
    expect(result.undetermined).toBe(8);
    expect(result.removed.total).toBe(0);
    expect(result.added.total).toBe(0);
    expect(result.projected.escalations).toBe(result.current.escalations);
    expect(result.not_replayed).toContainEqual({ policy: 'human-oversight', rule: 1, reason_code: 'toxicity', reason: 'field match.detector is outside the evaluable subset' });
  });
});

describe('reading a draft', () => {
  it('names the line of a YAML syntax error and the field of a schema error', async () => {
    expect(() => parseDraft('pack: { id: x, version: 1.0.0\npolicies: [\n', 'draft.yaml')).toThrow(/^draft\.yaml:2: not valid YAML/);
    expect(() => parseDraft('pack: { id: x, version: 1.0.0 }\n---\npack: { id: x, version: 1.1.0 }\n', 'draft.yaml')).toThrow(/^draft\.yaml:2: holds a second YAML document; put one draft per file\.$/);
    expect(() => parseDraft('pack: { id: x, version: 1.0 }\n', 'draft.yaml')).toThrow(/^draft\.yaml: pack\.version must be a SemVer version/);
  });
});

describe('tune whatif with a policy the draft drops', () => {
  it('replays that policy’s escalations as no longer firing and names it', async () => {
    const draft = fixtureText('draft-1.1.0.yaml').replaceAll('human-oversight', 'oversight-v2');
    const result = await whatif(store, { draft_text: draft, since: '90d', config_version: '1.0.0' }, 'everyone', now);
    expect(result.dropped_policies).toEqual(['human-oversight']);
    expect(result.policies).toEqual(['oversight-v2']);
    expect(result.current.escalations).toBe(8);
    // Whatever the new policy escalates counts as kept only if it fires on the same events: here it fires on 3 of them.
    expect(result.projected.escalations).toBe(4);
  });
});
