import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KtError } from '../../src/errors.js';
import { openStore, type Store } from '../../src/store/database.js';
import { parseEventFilter, type EventFilterInput } from '../../src/events/index.js';
import { sourcesShown, summarizeEvents } from '../../src/events/summary.js';
import { fixtureDb, fixtureNow, insertEvents, removeDir } from './fixture.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  const fixture = await fixtureDb();
  dir = fixture.dir;
  store = await openStore(fixture.db);
  // Two versions of cfg_support went live inside the fixture's span, one of cfg_sales outside it.
  for (const [config, version, at] of [['cfg_support', '2.2.0', '2026-09-15T08:00:00Z'], ['cfg_support', '2.3.0', '2026-09-20T21:30:00Z'], ['cfg_sales', '1.0.0', '2026-01-01T00:00:00Z']]) {
    await store.run(
      `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document) VALUES ($config, $version, 'pack', 'pat', $at::TIMESTAMPTZ, 'pack: …', '{}'::JSON)`,
      { config, version, at },
    );
  }
});
afterAll(() => {
  store.close();
  removeDir(dir);
});

const summary = async (input: EventFilterInput) => summarizeEvents(store, parseEventFilter(input, { now: fixtureNow }));

describe('summarizeEvents', () => {
  it('counts the matching events per verdict, and per day from the first to the last with the quiet days as zeros', async () => {
    const all = await summary({});
    expect(all.events).toBe(10);
    expect(all.by_verdict).toEqual({ allow: 3, block: 2, redact: 1, escalate: 4 });
    expect(all.over_time.bucket).toBe('day');
    const days = all.over_time.buckets;
    // 2026-08-01 to 2026-09-20 inclusive: 51 days, every one present.
    expect(days).toHaveLength(51);
    expect(days[0]).toEqual({ start: '2026-08-01T00:00:00.000Z', allow: 1, block: 0, redact: 0, escalate: 0 });
    expect(days[1]).toEqual({ start: '2026-08-02T00:00:00.000Z', allow: 0, block: 0, redact: 0, escalate: 0 });
    expect(days.at(-1)).toEqual({ start: '2026-09-20T00:00:00.000Z', allow: 1, block: 1, redact: 1, escalate: 2 });
    const total = days.reduce((sum, d) => sum + d.allow + d.block + d.redact + d.escalate, 0);
    expect(total).toBe(10);
    // Deploys within the span, oldest first; cfg_sales 1.0.0 went live before it.
    expect(all.over_time.deploys.map((d) => `${d.config_id} ${d.config_version} ${d.deployed_at}`)).toEqual([
      'cfg_support 2.2.0 2026-09-15T08:00:00.000Z',
      'cfg_support 2.3.0 2026-09-20T21:30:00.000Z',
    ]);
  });

  it('counts each verdict under the other filters, while events and the timeline keep the verdict', async () => {
    const escalated = await summary({ verdict: 'escalated', config_id: 'cfg_support' });
    expect(escalated.events).toBe(4);
    expect(escalated.by_verdict).toEqual({ allow: 2, block: 1, redact: 1, escalate: 4 });
    const days = escalated.over_time.buckets;
    expect(days.reduce((sum, d) => sum + d.escalate, 0)).toBe(4);
    expect(days.every((d) => d.allow + d.block + d.redact === 0)).toBe(true);
  });

  it('counts by the hour when the span is three days or less', async () => {
    const recent = await summary({ policy: 'pii-detector', since: '2026-09-20T00:00:00Z' });
    expect(recent.over_time.bucket).toBe('hour');
    // The window asked for runs from its since to the newest event stored, 23:58: 24 hours.
    expect(recent.over_time.buckets).toHaveLength(24);
    expect(recent.over_time.buckets[0]!.start).toBe('2026-09-20T00:00:00.000Z');
    expect(recent.over_time.buckets.find((b) => b.start === '2026-09-20T01:00:00.000Z')).toMatchObject({ redact: 1 });
    expect(recent.over_time.buckets.find((b) => b.start === '2026-09-20T23:00:00.000Z')).toMatchObject({ allow: 1, block: 1 });
    expect(recent.over_time.deploys.map((d) => d.config_version)).toEqual(['2.3.0']);
  });

  it('chooses the hour or the day by the span, not by how many days have events', async () => {
    // Two blocked events, 09-10 and 09-20: two days with events, but eleven days of span.
    const blocked = await summary({ verdict: 'block' });
    expect(blocked.over_time.bucket).toBe('day');
    expect(blocked.over_time.buckets).toHaveLength(11);
  });

  it('charts the window asked for, cut to the events stored, not only the span of the matching ones', async () => {
    // human-oversight escalations in the last 7 days: 09-17 and 09-20, but the week asked for starts 09-14.
    const week = await summary({ policy: 'human-oversight', since: '7d' });
    expect(week.over_time.buckets.map((b) => b.start.slice(0, 10))).toEqual([
      '2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18', '2026-09-19', '2026-09-20',
    ]);
    // Before the first event stored (2026-08-01) nothing is known: the span starts there, not in 2025.
    const since2025 = await summary({ verdict: 'allow', since: '2025-01-01T00:00:00Z', until: '2026-08-03T00:00:00Z' });
    // Two days (until is exclusive), so by the hour: 48 of them.
    expect(since2025.over_time.bucket).toBe('hour');
    expect(since2025.over_time.buckets).toHaveLength(48);
    expect(since2025.over_time.buckets[0]).toEqual({ start: '2026-08-01T00:00:00.000Z', allow: 1, block: 0, redact: 0, escalate: 0 });
    expect(since2025.over_time.buckets.at(-1)!.start).toBe('2026-08-02T23:00:00.000Z');
  });

  it('sees only the caller’s teams, and refuses a team no event belongs to', async () => {
    const sales = await summary({ visibleTeams: ['sales'] });
    expect(sales.events).toBe(3);
    expect(sales.by_verdict).toEqual({ allow: 1, block: 2, redact: 0, escalate: 0 });
    await expect(summary({ team: 'suport' })).rejects.toThrow(/Unknown team suport/);
    await expect(summary({ team: 'support', visibleTeams: ['sales'] })).rejects.toSatisfy((e) => e instanceof KtError && e.code === 'forbidden');
  });

  it('answers zeros and no timeline when nothing matches', async () => {
    const none = await summary({ policy: "' OR 1=1 --" });
    expect(none).toEqual({
      events: 0,
      by_verdict: { allow: 0, block: 0, redact: 0, escalate: 0 },
      over_time: { bucket: 'day', buckets: [], deploys: [] },
      sources: { of: 'flagged', events: 0, teams: [], reasons: [], configs: [], in_all: { teams: 0, reasons: 0, configs: 0 } },
    });
  });

  it('says where the flagged events come from, the biggest first, allowed traffic left out unless asked for', async () => {
    const { sources } = await summary({});
    expect(sources.of).toBe('flagged');
    expect(sources.events).toBe(7);
    expect(sources.teams).toEqual([{ team: 'support', events: 3 }, { team: 'sales', events: 2 }, { team: 'billing', events: 1 }, { team: null, events: 1 }]);
    expect(sources.reasons).toEqual([
      { policy: 'human-oversight', reason_code: 'violence_terms', events: 2 },
      { policy: 'pii-detector', reason_code: 'pii_detected', events: 2 },
      { policy: 'human-oversight', reason_code: 'pii_detected', events: 1 },
      { policy: 'human-oversight', reason_code: 'prompt_injection_detected', events: 1 },
      { policy: 'prompt-guard', reason_code: 'prompt_injection_detected', events: 1 },
    ]);
    expect(sources.configs).toEqual([
      { config_id: 'cfg_support', config_version: '2.2.0', events: 3 },
      { config_id: 'cfg_support', config_version: '2.3.0', events: 2 },
      { config_id: 'cfg_sales', config_version: '1.0.0', events: 1 },
      { config_id: 'cfg_support', config_version: '2.1.0', events: 1 },
    ]);
    expect(sources.in_all).toEqual({ teams: 4, reasons: 5, configs: 4 });
    // Asked for, allowed traffic is what is counted; its policy is mostly none.
    const allowed = (await summary({ verdict: 'allow' })).sources;
    expect(allowed.of).toBe('allow');
    expect(allowed.teams).toEqual([{ team: 'support', events: 2 }, { team: 'sales', events: 1 }]);
    expect(allowed.reasons).toEqual([{ policy: null, reason_code: null, events: 2 }, { policy: 'pii-detector', reason_code: null, events: 1 }]);
    // Within the caller's teams only.
    expect((await summary({ visibleTeams: ['sales'] })).sources.teams).toEqual([{ team: 'sales', events: 2 }]);
  });

  it('lists the biggest ten of each and says how many there are in all', async () => {
    const extra = Array.from({ length: 12 }, (_, i) => ({
      id: `evt_t${String(i).padStart(2, '0')}`, timestamp: '2026-09-05T12:00:00Z', verdict: 'block' as const, policy: 'prompt-guard',
      reason_code: 'prompt_injection_detected', team: `team${String(i).padStart(2, '0')}`, config_id: 'cfg_sales', config_version: '1.0.0',
    }));
    await insertEvents(store, extra);
    try {
      const { sources } = await summary({});
      expect(sources.teams).toHaveLength(sourcesShown);
      expect(sources.in_all.teams).toBe(16);
      // The total counts the teams left out of the list too: 7 flagged in the fixture, 12 added.
      expect(sources.events).toBe(19);
      // support (3) and sales (2) lead; then the ones of one event, by name.
      expect(sources.teams.slice(0, 4).map((t) => t.team)).toEqual(['support', 'sales', 'billing', 'team00']);
    } finally {
      await store.run(`DELETE FROM events WHERE id LIKE 'evt_t%'`);
    }
  });
});
