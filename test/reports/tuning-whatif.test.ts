import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/analytics/scope.js';
import { provenanceOf } from '../../src/reports/provenance.js';
import { renderReport } from '../../src/reports/render.js';
import { tuningReport } from '../../src/reports/tuning.js';
import type { Store } from '../../src/store/database.js';
import { whatif } from '../../src/tune/whatif.js';
import { fixtureNow, fixtureStore, inputDir } from './fixture.js';

/**
 * The 1.1.0 config as a draft, with two more rules that fire on 1.0.0's allowed
 * traffic: human-oversight/refund_questions (7 events) and a second policy,
 * content-review/translation (8 events). Over 1.0.0's 40 events (10 escalations, all
 * violence_terms) the draft keeps 4 violence_terms escalations and adds 15.
 */
const draft = readFileSync(join(inputDir, 'config-1.1.0.yaml'), 'utf8')
  .replace('chain: [human-oversight]', 'chain: [human-oversight, content-review]')
  .replace(
    '          unless: { any: ["python process", "zombie process", "video game", "photo"] }\n',
    '          unless: { any: ["python process", "zombie process", "video game", "photo"] }\n' +
      '        - reason_code: refund_questions\n          match: { any: [refund] }\n' +
      '    content-review:\n      action: escalate\n      rules:\n        - reason_code: translation\n          match: { any: [translate] }\n',
  );

/** Before 1.1.0 went live (2026-09-08) and after. */
const beforeDeploy = new Date('2026-09-07T12:00:00Z');
const afterDeploy = new Date('2026-09-10T12:00:00Z');
const red: Viewer = { id: 'rosa', role: 'policy_owner', teams: ['red'] };
const redBlue: Viewer = { id: 'bea', role: 'policy_owner', teams: ['red', 'blue'] };

let store: Store;
let cleanup: () => void;
beforeEach(async () => ({ store, cleanup } = await fixtureStore()));
afterEach(() => cleanup());

const base = { config_id: 'cfg_support', policy: 'human-oversight', before: '1.0.0', after: '1.1.0' };

async function section(params: Record<string, unknown>, viewer: Viewer = 'everyone') {
  const { whatif: w } = await tuningReport(store, params, viewer, fixtureNow, await provenanceOf(store, viewer, fixtureNow));
  return w;
}

function rowsOf(w: Awaited<ReturnType<typeof section>>) {
  if (!w || !('rows' in w) || !w.rows) throw new Error(`no rows: ${JSON.stringify(w)}`);
  return Object.fromEntries(w.rows.map((r) => [r.measure, [r.current, r.projected, r.actual]]));
}

describe('tuning report: the what-if section', () => {
  it("shows the replay for the report's policy and reason code only, at rates over the replay's events", async () => {
    await whatif(store, { draft_text: draft, config_version: '1.0.0' }, 'everyone', beforeDeploy);
    const byReason = await section({ ...base, reason_code: 'violence_terms' });
    // violence_terms alone: 10 → 4 of 40 events; the draft's 15 added escalations of other rules are not in it.
    expect(rowsOf(byReason)['Escalations per 1,000 events']).toEqual([250, 100, 50]);
    // 6 false positives of 9 resolved (the duplicate left out) → none of the 3 kept ones that are resolved.
    expect(rowsOf(byReason)['False-positive rate']).toEqual([6 / 9, 0, 0]);
    const byPolicy = await section(base);
    // The whole policy: violence_terms 4 + refund_questions 7, not content-review's 8.
    expect(rowsOf(byPolicy)['Escalations per 1,000 events']).toEqual([250, 275, 50]);
    expect(byPolicy).toMatchObject({ made_before_deploy: true, heading: 'Predicted before deploy (what-if) and what happened' });
  });

  it('labels the scopes of the replay and of the actual numbers in the rendered report', async () => {
    await whatif(store, { draft_text: draft, config_version: '1.0.0' }, 'everyone', beforeDeploy);
    const { html } = await renderReport(store, { name: 'tuning', params: { ...base, reason_code: 'violence_terms' }, viewer: 'everyone', now: fixtureNow });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Predicted before deploy (what-if) and what happened');
    expect(text).toContain('the draft replayed over 40 stored events of version 1.0.0 from 2026-06-09 12:00 UTC to 2026-09-07 12:00 UTC (the replay time), all teams');
    expect(text).toContain('The numbers below are for policy human-oversight, reason code violence_terms only.');
    expect(text).toContain('Measure Replay: current rules Replay: draft (predicted) Actual under 1.1.0 Escalations per 1,000 events 250.0 100.0 50.0');
    expect(text).toMatch(/Actual: 40 events of version 1\.1\.0 in the report(&#x27;|')s window \(all data: [^)]*\), all teams\./);
  });

  it("shows a prediction only to a report over the same teams as the prediction's", async () => {
    await whatif(store, { draft_text: draft, config_version: '1.0.0' }, red, beforeDeploy);
    // Red's replay over red's 15 events: 1 of its 4 violence_terms escalations kept, 2 refund questions added.
    expect(rowsOf(await section({ ...base, team: 'red' }))['Escalations per 1,000 events'][1]).toBeCloseTo((3 / 15) * 1000, 9);
    expect(rowsOf(await section(base, red))['Escalations per 1,000 events'][1]).toBeCloseTo((3 / 15) * 1000, 9);
    // All teams, or red and blue: not red's prediction.
    const all = await section(base);
    expect(all).toEqual({ note: expect.stringMatching(/^A what-if replay of version 1\.1\.0 is stored, but over other teams than this report's \(all teams\); it is not shown\.$/) });
    expect(await section(base, redBlue)).not.toHaveProperty('rows');
  });

  it('never shows a team-limited viewer a prediction made over every team, nor one made before teams were recorded', async () => {
    const p = await whatif(store, { draft_text: draft, config_version: '1.0.0' }, 'everyone', beforeDeploy);
    expect(await section(base, red)).not.toHaveProperty('rows');
    expect(await section({ ...base, team: 'red' })).not.toHaveProperty('rows');
    // A prediction stored before kt recorded teams: unknown scope, shown only to an unlimited report over every team.
    await store.run(`UPDATE whatif_predictions SET numbers = json_merge_patch(numbers, '{"window": {"teams": null}}') WHERE id = ?`, [p.prediction_id]);
    const [{ numbers }] = await store.all<{ numbers: string }>('SELECT numbers FROM whatif_predictions');
    const old = JSON.parse(numbers!) as { window: Record<string, unknown> };
    expect(old.window).not.toHaveProperty('teams');
    expect(rowsOf(await section(base))['Escalations per 1,000 events']).toEqual([250, 275, 50]);
    expect(await section(base, red)).not.toHaveProperty('rows');
    expect(await section({ ...base, team: 'red' })).not.toHaveProperty('rows');
  });

  it('picks the newest prediction of the matching scope, not the newest overall', async () => {
    const everyone = await whatif(store, { draft_text: draft, config_version: '1.0.0' }, 'everyone', new Date('2026-09-06T12:00:00Z'));
    await whatif(store, { draft_text: draft, config_version: '1.0.0' }, red, beforeDeploy);
    expect(await section(base)).toMatchObject({ prediction_id: everyone.prediction_id });
  });

  it('prefers a prediction made before the deploy and never labels a later replay as one', async () => {
    const before = await whatif(store, { draft_text: draft, config_version: '1.0.0' }, 'everyone', beforeDeploy);
    // Replaying the deployed version over its own traffic after it went live predicts nothing.
    const after = await whatif(store, { draft_text: draft, config_version: '1.1.0' }, 'everyone', afterDeploy);
    expect(await section(base)).toMatchObject({ prediction_id: before.prediction_id, made_before_deploy: true });
    await store.run('DELETE FROM whatif_predictions WHERE id = ?', [before.prediction_id]);
    const w = await section(base);
    expect(w).toMatchObject({
      prediction_id: after.prediction_id,
      made_before_deploy: false,
      heading: 'Replayed after the fact (not a prediction) and what happened',
      not_a_prediction_because: 'it was made after version 1.1.0 went live',
    });
    const { html } = await renderReport(store, { name: 'tuning', params: base, viewer: 'everyone', now: fixtureNow });
    expect(html).not.toContain('Predicted before deploy');
    expect(html).toContain('Not a prediction:');
  });
});
