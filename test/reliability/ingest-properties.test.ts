import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseVerdict } from '../../src/domain/event.js';
import { ingestEventText, ingestFile, type IngestReport } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { verifyAudit } from '../../src/store/audit.js';

/**
 * Property-based ingest: files of random valid events, mutated events, broken
 * JSON and odd-but-legal rows. Whatever the mix, ingest never crashes; every row
 * known to be bad is reported at its line; accepted + rejected = total; the store
 * holds exactly the accepted rows (the last row of an id wins); and ingesting the
 * same file again adds and changes nothing.
 */

/** One line of a generated file, and what the contract says must happen to it. */
type Line =
  | { kind: 'valid'; text: string }
  | { kind: 'invalid'; text: string; why: string }
  | { kind: 'edge'; text: string; why: string }
  | { kind: 'blank'; text: string };

// A small id pool, so files repeat ids (the later row wins) and re-ingests overlap.
const id = fc.constantFrom('evt_a', 'evt_b', 'evt_c', 'evt_d', 'evt_ü', 'evt_😀', "evt_' OR 1=1 --", 'evt_"; DROP TABLE events; --');
const text = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.constantFrom("' OR 1=1 --", '"; DROP TABLE events; --', '\u202Eevil\u202C', 'tab\tand\nnewline', '😀🧨', 'Ωmega ünïcödé'),
);
const timestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace('Z', '+02:00'), d.toISOString().replace(/\.\d+Z$/, 'Z')));

const validEvent = fc.record(
  {
    id,
    timestamp,
    verdict: fc.constantFrom('allow', 'block', 'redact', 'escalate', 'allowed', 'Blocked', 'REDACTED', 'escalated'),
    reason_code: fc.constantFrom('pii_detected', 'violence_terms', 'prompt_injection_detected'),
    policy: fc.constantFrom('human-oversight', 'pii-detector'),
    config_id: fc.constant('cfg_support_prod'),
    config_version: fc.constantFrom('2.3.0', '2.4.0'),
    team: text,
    request: fc.oneof(text, fc.constant(null)),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    tokens_in: fc.nat({ max: 100_000 }),
    cost_usd: fc.double({ min: 0, max: 10, noNaN: true }),
    policy_results: fc.array(fc.record({ policy: fc.constantFrom('pii-detector', 'human-oversight'), phase: fc.constantFrom('request', 'response') }), { maxLength: 2 }),
    region: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['id', 'timestamp', 'verdict', 'reason_code'] },
);

/** Changes that the data contract says must be refused, each with its reason. */
const mutations: Array<[string, (e: Record<string, unknown>) => void]> = [
  ['no id', (e) => delete e.id],
  ['no timestamp', (e) => delete e.timestamp],
  ['no verdict', (e) => delete e.verdict],
  ['empty id', (e) => { e.id = ''; }],
  ['numeric id', (e) => { e.id = 42; }],
  ['object id', (e) => { e.id = { $ne: null }; }],
  ['unknown verdict', (e) => { e.verdict = "allow' OR 1=1 --"; }],
  ['verdict as array', (e) => { e.verdict = ['allow']; }],
  ['timestamp without zone', (e) => { e.timestamp = '2026-09-14T10:00:00'; }],
  ['timestamp as words', (e) => { e.timestamp = 'yesterday'; }],
  ['timestamp as number', (e) => { e.timestamp = 1_789_000_000; }],
  ['score above 1', (e) => { e.score = 1.5; }],
  ['score as text', (e) => { e.score = '0.5'; }],
  ['negative tokens', (e) => { e.tokens_in = -1; }],
  ['fractional tokens', (e) => { e.tokens_in = 1.5; }],
  ['team as number', (e) => { e.team = 42; }],
  ['request as object', (e) => { e.request = { text: 'hi' }; }],
  ['policy as array', (e) => { e.policy = ['pii-detector']; }],
  ['block without reason', (e) => { e.verdict = 'block'; delete e.reason_code; }],
  ['block with a blank reason', (e) => { e.verdict = 'block'; e.reason_code = ' \t\u3000'; }],
  ['blank id', (e) => { e.id = '  '; }],
  ['negative latency', (e) => { e.latency_ms = -5; }],
  ['negative cost', (e) => { e.cost_usd = -0.01; }],
  ['policy_results not a list', (e) => { e.policy_results = 'pii-detector'; }],
  ['policy_results entry without policy', (e) => { e.policy_results = [{ phase: 'request' }]; }],
  // Text that is not Unicode cannot be stored as UTF-8: it once failed the whole file instead of its row.
  ['lone surrogate in a field', (e) => { e.team = 'x\uD800y'; }],
  ['lone surrogate in an extra field', (e) => { e.note = ['ok', '\uDC00']; }],
  ['lone surrogate in a key', (e) => { e['k\uD83D'] = 1; }],
];

const invalidEvent = fc.tuple(validEvent, fc.constantFrom(...mutations)).map(([event, [why, mutate]]): Line => {
  const copy: Record<string, unknown> = { ...event };
  mutate(copy);
  return { kind: 'invalid', text: JSON.stringify(copy), why };
});

const brokenJson = fc.oneof(
  validEvent.chain((e) => {
    const full = JSON.stringify(e);
    return fc.integer({ min: 1, max: full.length - 1 }).map((cut): Line => ({ kind: 'invalid', text: full.slice(0, cut), why: 'cut JSON' }));
  }),
  fc.constantFrom('[1,2]', '"a string"', 'null', '42', 'true', '{"id": "evt_a",}', "{'id': 'evt_a'}", 'garbage{', '{"id":"evt_a"', 'NaN')
    .map((t): Line => ({ kind: 'invalid', text: t, why: 'not a JSON object' })),
);

/** Legal or borderline rows whose fate the contract leaves open: kept or refused, but never a crash. */
const edges: Array<[string, (e: Record<string, unknown>) => void]> = [
  ['NUL character', (e) => { e.request = 'before\u0000after'; }],
  ['300 KB request', (e) => { e.request = 'kill the process '.repeat(18_000); }],
  ['31 February', (e) => { e.timestamp = '2026-02-31T10:00:00Z'; }],
  ['year 9999', (e) => { e.timestamp = '9999-12-31T23:59:59Z'; }],
  ['nanoseconds', (e) => { e.timestamp = '2026-09-14T10:00:00.123456789Z'; }],
  ['huge latency', (e) => { e.latency_ms = 1e308; }],
  ['huge tokens', (e) => { e.tokens_in = Number.MAX_SAFE_INTEGER; }],
  ['deep extra field', (e) => { e.nested = JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60)); }],
  ['odd key names', (e) => { e[''] = 1; e['a.b'] = 2; e['"; DROP TABLE events; --'] = 3; e['id '] = 'shadow'; }],
  ['null optional fields', (e) => { e.team = null; e.score = null; e.policy_results = null; }],
  ['emoji as surrogate escapes', (e) => { e.team = '\uD83D\uDE00'; }],
];
const edgeEvent = fc.tuple(validEvent, fc.constantFrom(...edges)).map(([event, [why, change]]): Line => {
  const copy: Record<string, unknown> = { ...event };
  change(copy);
  return { kind: 'edge', text: JSON.stringify(copy), why };
});

const duplicateKeys = fc.tuple(id, id).map(([a, b]): Line => ({
  kind: 'edge', why: 'duplicate keys',
  text: `{"id":${JSON.stringify(a)},"timestamp":"2026-09-14T10:00:00Z","verdict":"allow","id":${JSON.stringify(b)}}`,
}));

const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 5, arbitrary: validEvent.map((e): Line => ({ kind: 'valid', text: JSON.stringify(e) })) },
  { weight: 3, arbitrary: invalidEvent },
  { weight: 2, arbitrary: brokenJson },
  { weight: 2, arbitrary: edgeEvent },
  { weight: 1, arbitrary: duplicateKeys },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t').map((t): Line => ({ kind: 'blank', text: t })) },
);

const file = fc.array(line, { minLength: 3, maxLength: 30 });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kt-ingest-props-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each test is bounded by its run count; the time limit only allows for a busy shared machine. */
const slowBox = 180_000;

let run = 0;
async function withStore<T>(fn: (store: Store, folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(dir, `run${run++}-`));
  // DuckDB's own reader may read the folder, so clean files take the native path as with `kt ingest`.
  const store = await openStore(join(folder, 'kt.duckdb'), { allowedDirectories: [folder] });
  try {
    return await fn(store, folder);
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const contents = async (store: Store) => ({
  events: await store.all('SELECT * EXCLUDE (ingested_at) FROM events ORDER BY id'),
  escalations: await store.all('SELECT * EXCLUDE (updated_at) FROM escalations ORDER BY id'),
});

/** The checks every report must pass against the file it came from. */
function checkReport(report: IngestReport, lines: Line[]): Map<string, Record<string, unknown>> {
  const records = lines.map((l, i) => ({ ...l, line: i + 1 })).filter((l) => l.kind !== 'blank');
  expect(report.total).toBe(records.length);
  expect(report.accepted + report.rejected).toBe(report.total);
  const rejectedLines = report.rejections.map((r) => r.line);
  expect(new Set(rejectedLines).size, 'one rejection per row').toBe(rejectedLines.length);
  expect(rejectedLines.length).toBe(report.rejected);
  for (const r of records) {
    const rejected = rejectedLines.includes(r.line);
    if (r.kind === 'invalid') expect(rejected, `line ${r.line} (${r.why}) must be rejected: ${r.text.slice(0, 120)}`).toBe(true);
    if (r.kind === 'valid') expect(rejected, `line ${r.line} is valid: ${JSON.stringify(report.rejections.find((x) => x.line === r.line))}`).toBe(false);
  }
  for (const rejection of report.rejections) {
    expect(rejection.reason.length, 'a reason is given').toBeGreaterThan(0);
    expect(rejection.raw, 'the row is quoted as read').toBe(lines[rejection.line - 1]!.text);
  }
  // The winning row of each id: the last accepted one.
  const winners = new Map<string, Record<string, unknown>>();
  for (const r of records) {
    if (!rejectedLines.includes(r.line)) {
      const value = JSON.parse(r.text) as Record<string, unknown>;
      winners.set(value.id as string, value);
    }
  }
  expect(report.inserted + report.updated + report.unchanged).toBe(winners.size);
  expect(report.duplicates).toBe(report.accepted - winners.size);
  return winners;
}

describe('ingest properties', () => {
  it('rejects each refused change at its line and survives each odd-but-legal row, one by one', async () => {
    // Random mixes may miss a case; here every mutation and edge meets a valid neighbour once.
    const base = { id: 'evt_base', timestamp: '2026-09-14T10:00:00Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'support', request: 'kill it' };
    const cases: Line[] = [
      ...mutations.map(([why, mutate]): Line => { const e: Record<string, unknown> = { ...base }; mutate(e); return { kind: 'invalid', text: JSON.stringify(e), why }; }),
      ...edges.map(([why, change]): Line => { const e: Record<string, unknown> = { ...base }; change(e); return { kind: 'edge', text: JSON.stringify(e), why }; }),
    ];
    for (const odd of cases) {
      await withStore(async (store, folder) => {
        const lines: Line[] = [{ kind: 'valid', text: JSON.stringify({ ...base, id: 'evt_before' }) }, odd, { kind: 'valid', text: JSON.stringify({ ...base, id: 'evt_after' }) }];
        const path = join(folder, 'events.ndjson');
        writeFileSync(path, lines.map((l) => l.text).join('\n') + '\n');
        const report = await ingestFile(store, 'events', path).catch((error: Error) => {
          throw new Error(`${'why' in odd ? odd.why : ''}: ingest threw ${error.message}`);
        });
        checkReport(report, lines);
        if (odd.kind === 'invalid') expect(report.rejections[0]?.line, odd.why).toBe(2);
      });
    }
  }, slowBox);


  it('never crashes, reports every bad row at its line, stores exactly the accepted rows, and re-ingests to no change', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (lines) => withStore(async (store, folder) => {
        const path = join(folder, 'events.ndjson');
        writeFileSync(path, lines.map((l) => l.text).join('\n') + '\n');
        const first = await ingestFile(store, 'events', path, { actor: 'test' });
        const winners = checkReport(first, lines);
        expect(first.inserted).toBe(winners.size);

        const stored = await store.all<{ id: string; verdict: string; team: string | null }>('SELECT id, verdict, team FROM events ORDER BY id');
        expect(stored.map((e) => e.id).sort()).toEqual([...winners.keys()].sort());
        for (const row of stored) {
          const winner = winners.get(row.id)!;
          expect(row.verdict, row.id).toBe(normaliseVerdict(winner.verdict as string));
          if (typeof winner.team === 'string' && !winner.team.includes('\uD800')) expect(row.team, row.id).toBe(winner.team);
        }
        const escalated = [...winners.values()].filter((w) => normaliseVerdict(w.verdict as string) === 'escalate').length;
        expect((await store.all('SELECT id FROM escalations')).length).toBe(escalated);

        const before = await contents(store);
        const again = await ingestFile(store, 'events', path, { actor: 'test' });
        checkReport(again, lines);
        expect(again).toMatchObject({ accepted: first.accepted, rejected: first.rejected, inserted: 0, updated: 0, unchanged: winners.size, escalationsCreated: 0 });
        expect(await contents(store)).toEqual(before);
        expect(await verifyAudit(store)).toMatchObject({ ok: true });
      })),
      { numRuns: 20, seed: 20261124, endOnFailure: true },
    );
  }, slowBox);

  it('keeps the hourly traffic counts equal to a count of the stored events through new, changed and repeated rows', async () => {
    // Each row's config, team and hour counted in JavaScript from the stored events: the oracle.
    const fromEvents = async (store: Store) => {
      const rows = await store.all<{ config_id: string; config_version: string; team: string | null; ms: number }>(
        'SELECT config_id, config_version, team, epoch_ms("timestamp") AS ms FROM events WHERE config_id IS NOT NULL AND config_version IS NOT NULL');
      const counts = new Map<string, number>();
      for (const r of rows) {
        const key = JSON.stringify([r.config_id, r.config_version, r.team, Math.floor(r.ms / 3_600_000) * 3_600_000]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].map(([key, events]) => [key, events] as const).sort(([a], [b]) => (a < b ? -1 : 1));
    };
    const kept = async (store: Store) => (await store.all<{ config_id: string; config_version: string; team: string | null; ms: number; events: number }>(
      'SELECT config_id, config_version, team, epoch_ms(hour_start) AS ms, events FROM event_traffic_hourly'))
      .map((r) => [JSON.stringify([r.config_id, r.config_version, r.team, r.ms]), r.events] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 2, maxLength: 4 }), async (files) => withStore(async (store, folder) => {
        for (const [i, lines] of files.entries()) {
          const body = lines.map((l) => l.text).join('\n') + '\n';
          // Files (DuckDB's reader when clean) and request bodies (zod) in turn: both merge the same way.
          if (i % 2 === 0) {
            const path = join(folder, `events-${i}.ndjson`);
            writeFileSync(path, body);
            await ingestFile(store, 'events', path, { actor: 'test' });
          } else {
            await ingestEventText(store, 'POST /api/events', body);
          }
          expect(await kept(store), `after file ${i + 1}`).toEqual(await fromEvents(store));
        }
      })),
      { numRuns: 15, seed: 20261201, endOnFailure: true },
    );
  }, slowBox);

  it('gives the same verdict on every row whether the rows come as a file or as a request body', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (lines) => {
        const body = lines.map((l) => l.text).join('\n');
        const [fromFile, fromBody] = await Promise.all([
          withStore(async (store, folder) => {
            const path = join(folder, 'events.ndjson');
            writeFileSync(path, body);
            return { report: await ingestFile(store, 'events', path), stored: await contents(store) };
          }),
          withStore(async (store) => ({ report: await ingestEventText(store, 'POST /api/events', body), stored: await contents(store) })),
        ]);
        checkReport(fromBody.report, lines);
        const summary = (r: IngestReport) => ({ total: r.total, accepted: r.accepted, inserted: r.inserted, lines: r.rejections.map((x) => x.line) });
        expect(summary(fromBody.report)).toEqual(summary(fromFile.report));
        // The file may have been read by DuckDB, the body always by zod: the same rows are stored.
        expect(fromFile.stored).toEqual(fromBody.stored);
      }),
      { numRuns: 10, seed: 7, endOnFailure: true },
    );
  }, slowBox);
});
