import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tuningComparison } from '../../src/analytics/tuning.js';
import { ingestEventText } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';

/**
 * The tuning question counts a version's traffic from the hourly counts ingest keeps for the
 * window's whole hours, and from events for the part hours at its edges. Whatever the window,
 * the sum must equal a plain count of the events in it.
 */

const start = Date.parse('2026-10-05T09:00:00Z');
const span = 6 * 3_600_000;
const hour = 3_600_000;

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-tuning-traffic-'));
  store = await openStore(join(dir, 'kt.duckdb'));
  // 400 events at random milliseconds over six hours, so every part hour has some of each version.
  const events = fc.sample(
    fc.record({
      at: fc.integer({ min: start, max: start + span }),
      config_version: fc.constantFrom('1.0.0', '1.1.0'),
      team: fc.constantFrom('red', 'green', null),
    }),
    { numRuns: 400, seed: 5 },
  ).map((e, i) => JSON.stringify({
    id: `evt_${i}`, timestamp: new Date(e.at).toISOString(), verdict: 'allow', config_id: 'cfg_w',
    config_version: e.config_version, team: e.team, policy: 'human-oversight',
  }));
  const report = await ingestEventText(store, 'test', events.join('\n'));
  expect(report.inserted).toBe(400);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function countedFromEvents(since: string | null, until: string | null, team: string | null): Promise<Map<string, number>> {
  const rows = await store.all<{ config_version: string; events: number }>(
    `SELECT config_version, count(*)::INTEGER AS events FROM events
     WHERE config_id = 'cfg_w' AND ($since IS NULL OR "timestamp" >= $since::TIMESTAMPTZ)
       AND ($until IS NULL OR "timestamp" < $until::TIMESTAMPTZ) AND ($team IS NULL OR team = $team)
     GROUP BY ALL`, { since, until, team });
  return new Map(rows.map((r) => [r.config_version, r.events]));
}

// Instants anywhere, on whole hours, and a millisecond or two either side of one.
const instant = fc.oneof(
  fc.integer({ min: start - hour, max: start + span + hour }),
  fc.integer({ min: -1, max: 7 }).map((h) => start + h * hour),
  fc.tuple(fc.integer({ min: -1, max: 7 }), fc.integer({ min: -2, max: 2 })).map(([h, ms]) => start + h * hour + ms),
);
const bound = fc.option(instant, { freq: 4 });

describe('tuning traffic (hourly counts plus the part hours at the edges)', () => {
  it('equals a count of the events in any window, open or closed, whole hours or not, for any team', async () => {
    const window = fc.oneof(
      fc.tuple(bound, bound).filter(([a, b]) => a === null || b === null || a < b),
      // short windows: often inside one hour, or across one boundary
      fc.tuple(instant, fc.integer({ min: 1, max: 2 * hour })).map(([a, length]): [number, number] => [a, a + length]),
    );
    await fc.assert(
      fc.asyncProperty(window, fc.constantFrom(null, 'red', 'green'), async ([from, to], team) => {
        const since = from === null ? null : new Date(from).toISOString();
        const until = to === null ? null : new Date(to).toISOString();
        const expected = await countedFromEvents(since, until, team);
        const asked = tuningComparison(store, {
          config_id: 'cfg_w', policy: 'human-oversight', before: '1.0.0', after: '1.1.0',
          ...(since ? { since } : {}), ...(until ? { until } : {}), ...(team ? { team } : {}),
        }, 'everyone', new Date(start + span + 2 * hour));
        if (!expected.get('1.0.0') || !expected.get('1.1.0')) {
          await expect(asked).rejects.toThrow(/No events in scope/);
          return;
        }
        const result = await asked;
        expect([result.before.events, result.after.events], `${since} – ${until} ${team ?? ''}`)
          .toEqual([expected.get('1.0.0'), expected.get('1.1.0')]);
      }),
      { numRuns: 200, seed: 20261201, endOnFailure: true },
    );
  });

  it('counts a window inside one hour once, and a window of whole hours from the hourly counts alone', async () => {
    const inside = await tuningComparison(store, {
      config_id: 'cfg_w', policy: 'human-oversight', before: '1.0.0', after: '1.1.0',
      since: new Date(start + hour + 600_000).toISOString(), until: new Date(start + hour + 2_400_000).toISOString(),
    }, 'everyone');
    const expected = await countedFromEvents(new Date(start + hour + 600_000).toISOString(), new Date(start + hour + 2_400_000).toISOString(), null);
    expect([inside.before.events, inside.after.events]).toEqual([expected.get('1.0.0'), expected.get('1.1.0')]);
    const hourly = await store.all<{ config_version: string; events: number }>(
      `SELECT config_version, sum(events)::INTEGER AS events FROM event_traffic_hourly
       WHERE hour_start >= $since::TIMESTAMPTZ AND hour_start < $until::TIMESTAMPTZ GROUP BY ALL ORDER BY 1`,
      { since: new Date(start + hour).toISOString(), until: new Date(start + 4 * hour).toISOString() });
    const whole = await tuningComparison(store, {
      config_id: 'cfg_w', policy: 'human-oversight', before: '1.0.0', after: '1.1.0',
      since: new Date(start + hour).toISOString(), until: new Date(start + 4 * hour).toISOString(),
    }, 'everyone');
    expect([whole.before.events, whole.after.events]).toEqual(hourly.map((h) => h.events));
  });
});
