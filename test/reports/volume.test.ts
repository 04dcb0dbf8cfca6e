import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutImpact, TeamRateChange } from '../../src/analytics/volume.js';
import { renderReport } from '../../src/reports/render.js';
import { rolloutSections } from '../../src/reports/volume-rollout.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

/** The HTML of one deploy's part of "Rollout impact", from its heading to the next. */
function deploySection(html: string, heading: string): string {
  const at = html.indexOf(`<h3>${heading}`);
  expect(at).toBeGreaterThan(-1);
  const next = html.slice(at + 4).search(/<h3>|<\/section>/);
  return html.slice(at, at + 4 + next);
}

describe('volume report: issues that rose after each deploy', () => {
  it('lists under the deploy the issue that rose in several teams, each team with before → after per 1k and its p-value', async () => {
    const { html } = await renderReport(store, { name: 'volume', params: {}, viewer: 'everyone', now: fixtureNow });
    const section = deploySection(html, 'cfg_support 1.2.0');
    expect(section).toContain('flagged: 2 teams rose together');
    const table = /<p class="muted">Issues that rose after this deploy[^<]*<\/p>\s*(<table class="dense">[\s\S]*?<\/table>)/.exec(section)?.[1];
    expect(table).toBeDefined();
    // pii_detected: 0 of 15 events before, 6 of 15 after, for blue and for red (p = 0.006170).
    const rows = [...table!.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
    expect(rows).toEqual([
      ['pii-detector / pii_detected2 teams rose', 'blue', '0', '0.0', '6', '400.0', '+400.0', '0.006'],
      ['red', '0', '0.0', '6', '400.0', '+400.0', '0.006'],
    ]);
    expect(table).toContain('rowspan="2"');
    expect(deploySection(html, 'cfg_support 1.1.0')).toContain('No issue (policy / reason code) rose significantly for any team after this deploy.');
  });
});

describe('volume report: the thresholds a deploy is judged by', () => {
  it('states --min-teams and the significance level it was made with, and its definitions do not claim the defaults', async () => {
    const { html } = await renderReport(store, { name: 'volume', params: { min_teams: 3, alpha: 0.01 }, viewer: 'everyone', now: fixtureNow });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Teams rising together to flag a deploy 3');
    expect(text).toContain('Significance level 0.01');
    expect(text).not.toContain('p < 0.05');
    expect(text).not.toContain('at least two teams');
    // Two teams rose after 1.2.0, fewer than the three asked for.
    expect(deploySection(html, 'cfg_support 1.2.0')).not.toContain('flagged');
  });
});

describe('volume report: the span each deploy is measured over', () => {
  it('gives the time of a span end that is not midnight UTC, and the date alone for one that is, as kt analyze volume does', async () => {
    const midday = await renderReport(store, { name: 'volume', params: { window: '36h' }, viewer: 'everyone', now: fixtureNow });
    expect(deploySection(midday.html, 'cfg_support 1.2.0')).toContain('Before: 2026-09-13 12:00 UTC to the deploy; after: to 2026-09-16 12:00 UTC');
    const midnight = await renderReport(store, { name: 'volume', params: {}, viewer: 'everyone', now: fixtureNow });
    // The week after 1.2.0 has not passed at the report's time: the span ends then, and says so.
    expect(deploySection(midnight.html, 'cfg_support 1.2.0')).toContain("Before: 2026-09-08 to the deploy; after: to 2026-09-21 (so far: the window after the deploy has not ended; the report's time cuts it).");
    expect(deploySection(midnight.html, 'cfg_support 1.1.0')).toContain("after: to 2026-09-15 (the window, cut at this config's deploys either side).");
  });
});

describe('volume report: the definitions follow the grouping', () => {
  /** The text of one definition (<dt>term</dt><dd>meaning</dd>). */
  const meaning = (html: string, term: string) => new RegExp(`<dt>${term}</dt><dd>([^<]*)</dd>`).exec(html)?.[1];

  it('say "per policy" for a report grouped --by policy, and the bucket it was counted in', async () => {
    const { html } = await renderReport(store, { name: 'volume', params: { by: 'policy', bucket: 'day' }, viewer: 'everyone', now: fixtureNow });
    expect(meaning(html, 'Escalations')).toBe('Escalations counted in the day of their event&#x27;s time, per policy.');
  });

  it('say "per reason code" --by reason_code, and "per team" by default (in weeks over a quarter)', async () => {
    const byReason = await renderReport(store, { name: 'volume', params: { by: 'reason_code' }, viewer: 'everyone', now: fixtureNow });
    expect(meaning(byReason.html, 'Escalations')).toBe('Escalations counted in the week of their event&#x27;s time, per reason code.');
    const byTeam = await renderReport(store, { name: 'volume', params: {}, viewer: 'everyone', now: fixtureNow });
    expect(meaning(byTeam.html, 'Escalations')).toBe('Escalations counted in the week of their event&#x27;s time, per team.');
  });
});

describe('volume report: chart axes', () => {
  const lastTicks = (html: string) => [...html.matchAll(/aria-label="x-axis tick label"([\s\S]*?)<\/g>/g)]
    .map((g) => [...g[1]!.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].at(-1)?.[1]);

  it('ends the time axis at the report time while the quarter is still running, not on weeks to come', async () => {
    // fixtureNow is 2026-09-21, inside 2026 Q3: the axis ended on Sunday 27 September, a blank week ahead.
    const { html } = await renderReport(store, { name: 'volume', params: {}, viewer: 'everyone', now: fixtureNow });
    expect(lastTicks(html)).toEqual(['20', '20']);
  });

  it('ends it on the window\u2019s last day when the window is over', async () => {
    const { html } = await renderReport(store, { name: 'volume', params: { since: '2026-09-01T00:00:00Z', until: '2026-09-15T00:00:00Z', bucket: 'day' }, viewer: 'everyone', now: fixtureNow });
    expect(lastTicks(html)).toEqual(['14', '14']); // 14 September, the window's last day
  });
});

describe('rolloutSections', () => {
  const team = (name: string, rose: boolean): TeamRateChange => ({
    team: name, before_events: 100, before_escalations: 1, before_per_1k: 10, after_events: 100, after_escalations: rose ? 9 : 1,
    after_per_1k: rose ? 90 : 10, change_per_1k: rose ? 80 : 0, p_value: rose ? 0.01 : 1, rose,
  });
  const deploy = (teams: TeamRateChange[], issueTeams: TeamRateChange[]): RolloutImpact => {
    const rising = issueTeams.filter((t) => t.rose).length;
    return {
      config_id: 'cfg', config_version: '2.0.0', deployed_at: '2026-09-15T00:00:00.000Z', before_from: '2026-09-08T00:00:00.000Z', after_until: '2026-09-22T00:00:00.000Z',
      teams, teams_rising: teams.filter((t) => t.rose).length,
      issues: rising ? [{ policy: 'pii-detector', reason_code: 'pii_detected', teams: issueTeams, teams_rising: rising }] : [],
      flagged: teams.filter((t) => t.rose).length >= 2 || rising >= 2,
    };
  };

  it('keeps only the teams an issue rose for', () => {
    const [section] = rolloutSections([deploy([team('a', true), team('b', false)], [team('a', true), team('b', false)])], 2);
    expect(section!.rising_issues).toEqual([{ policy: 'pii-detector', reason_code: 'pii_detected', teams_rising: 1, teams: [team('a', true)] }]);
    expect(section!.flag_reason).toBeNull();
  });

  it('names the issue when the teams rose together on it but not overall', () => {
    const [section] = rolloutSections([deploy([team('a', true), team('b', false), team('c', false)], [team('a', true), team('b', true), team('c', true)])], 2);
    expect(section!.flag_reason).toBe('3 teams rose together on pii-detector / pii_detected');
    const [overall] = rolloutSections([deploy([team('a', true), team('b', true)], [team('a', true)])], 2);
    expect(overall!.flag_reason).toBe('2 teams rose together');
  });
});

describe('volume report: a window without escalations', () => {
  it('says there is nothing to count instead of printing a bare table header (the charts are left out)', async () => {
    const { html } = await renderReport(store, { name: 'volume', params: { quarter: '2025Q1' }, viewer: 'everyone', now: fixtureNow });
    const section = /<h2>Volume per team<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1];
    expect(section).toBeDefined();
    expect(section).not.toContain('<table');
    expect(section).toContain('No escalations in the window, so there is nothing to chart or count per team.');
    expect(html).not.toContain('<figure>');
  });
});
