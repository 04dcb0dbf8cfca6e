import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { listValue } from '@duckdb/node-api';
import { isBlank } from '../../src/domain/event.js';
import { ingestEventText, ingestFile, type IngestReport } from '../../src/ingest/index.js';
import { query } from '../../src/store/queries.js';
import { verifyAudit } from '../../src/store/audit.js';
import { escalateEvent, event, seedEvents, storePairPerTest, storeStates, storedRows, tempStore } from './helpers.js';

// NDJSON files go through DuckDB's own reader when it can vouch for every row, and through
// zod otherwise. Either way a file must land exactly as the zod path lands it.

const stores = storePairPerTest();
const outcome = ({ reader: _reader, load: _load, file: _file, ...rest }: IngestReport) => rest;
let state: (typeof storeStates)[number] = storeStates[0];

/** Loads the lines as a file (native when possible) into store a and as a body (always zod) into b. */
async function bothWays(name: string, lines: string[]): Promise<{ file: IngestReport; body: IngestReport }> {
  const path = join(stores.a.dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  const file = await ingestFile(stores.a.store, 'events', path);
  const body = await ingestEventText(stores.b.store, path, readFileSync(path, 'utf8'));
  expect(file.load).toBe(file.reader === 'duckdb' ? state.load : 'merge');
  expect(outcome(file)).toEqual(outcome(body));
  expect(await storedRows(stores.a.store)).toEqual(await storedRows(stores.b.store));
  return { file, body };
}

const line = (row: Record<string, unknown>) => JSON.stringify(row);

const unusualButValid = [
  // Optional text that is blank is kept as given, as empty text is; so is an allow's blank reason code.
  line(event('evt_a', { team: null, status: '', reason_code: '  ', request: ' \u3000\t', score: 0.5, latency_ms: 100, tokens_in: 0, tokens_out: 12, cost_usd: 1e-7 })),
  '{"id":"evt_b","timestamp":"2026-09-14T10:00:00.123456789+02:00","verdict":"escalated","reason_code":"violence_terms","score":0.50,"latency_ms":1E2,"request":"caf\\u00e9 \\"quoted\\" back\\\\slash\\nnew line \\/ slash"}',
  '',
  '{ "id" : "evt_c" , "timestamp" : "2026-09-14T10:00:00Z" , "verdict" : "allow" , "latency_ms" : 123456789012345678901234567890 , "cost_usd" : -0 }',
  line(event('evt_d', { region: 'eu', labels: ['a', 'b'], nested: { z: 1, a: [1.5, null, 'x'] } })),
  line(escalateEvent('evt_e', { policy_results: [{ policy: 'violence', verdict: 'Escalated', reason_code: 'violence_terms', score: 0.9, rule: 'r1' }, { policy: 'pii', phase: 'input' }] })),
  line(event('evt_f', { verdict: 'blocked', reason_code: 'pii_detected', policy_results: [] })),
  line(event('evt_g', { timestamp: '2028-02-29T23:59:59.5-05:30', request: 'emoji 🚀 and 中文' })),
  // A null beside an extra field: the count of keys, not of values, shows the extra one.
  line(event('evt_h', { team: null, region: 'us' })),
];

describe('the native checks of a required text', () => {
  it('find content where zod does: every character of the Basic Multilingual Plane, alone and padded', async () => {
    const ctx = await tempStore();
    try {
      await ctx.store.run(query('ingest_event_native_macros'));
      const texts = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c))
        .filter((t) => !/[\ud800-\udfff]/.test(t)) // lone surrogates are refused before any check
        .flatMap((t) => [t, ` ${t}\u3000`]);
      const rows = await ctx.store.all<{ t: string; content: boolean }>(
        'SELECT t, kt_has_content(t) AS content FROM unnest($texts) AS u(t)', { texts: listValue(texts) });
      const disagree = rows.filter((r) => r.content === isBlank(r.t)).map((r) => JSON.stringify(r.t));
      expect(disagree).toEqual([]);
      expect(rows).toHaveLength(texts.length);
    } finally {
      ctx.done();
    }
  });
});

describe.each(storeStates)('NDJSON events through DuckDB, into $into', (given) => {
  beforeEach(async () => {
    state = given;
    if (given.seeded) for (const { store } of [stores.a, stores.b]) await seedEvents(store);
  });

  it('reads a clean file with DuckDB and stores exactly what the zod path stores', async () => {
    const { file, body } = await bothWays('clean.ndjson', unusualButValid);
    expect(file.reader).toBe('duckdb');
    expect(body.reader).toBe('zod');
    expect(file).toMatchObject({ total: 8, accepted: 8, rejected: 0, inserted: 8, escalationsCreated: 2 });
    const h = await stores.a.store.one<{ attributes: string }>("SELECT attributes FROM events WHERE id = 'evt_h'");
    expect(JSON.parse(h!.attributes)).toEqual({ region: 'us' });
    const d = await stores.a.store.one<{ attributes: string }>("SELECT attributes FROM events WHERE id = 'evt_d'");
    expect(JSON.parse(d!.attributes)).toEqual({ labels: ['a', 'b'], nested: { z: 1, a: [1.5, null, 'x'] }, region: 'eu' });
    expect(await verifyAudit(stores.a.store)).toMatchObject({ ok: true });
  });

  it('re-ingesting through either path changes nothing', async () => {
    await bothWays('clean.ndjson', unusualButValid);
    const path = join(stores.a.dir, 'clean.ndjson');
    const before = await storedRows(stores.a.store);
    const again = await ingestFile(stores.a.store, 'events', path);
    expect(again).toMatchObject({ reader: 'duckdb', inserted: 0, updated: 0, unchanged: 8 });
    // b was loaded through zod; the same file read by DuckDB finds every row unchanged.
    const copy = join(stores.b.dir, 'clean.ndjson');
    writeFileSync(copy, readFileSync(path));
    const fromZod = await ingestFile(stores.b.store, 'events', copy);
    expect(fromZod).toMatchObject({ reader: 'duckdb', inserted: 0, updated: 0, unchanged: 8 });
    expect(await storedRows(stores.a.store)).toEqual(before);
  });

  it('reads a gzip file with DuckDB too, hashing the stored bytes', async () => {
    const plain = join(stores.a.dir, 'clean.ndjson');
    writeFileSync(plain, unusualButValid.join('\n') + '\n');
    const gz = join(stores.a.dir, 'clean.ndjson.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const native = await ingestFile(stores.a.store, 'events', gz);
    expect(native).toMatchObject({ reader: 'duckdb', inserted: 8 });
    const viaZod = await ingestEventText(stores.b.store, gz, readFileSync(plain, 'utf8'));
    // The same rows; the audit differs only in what it says of the bytes (below).
    const rows = async (store: typeof stores.a.store) => ({ ...(await storedRows(store)), audit: undefined });
    expect(await rows(stores.a.store)).toEqual(await rows(stores.b.store));
    expect(native.sha256).not.toBe(viaZod.sha256); // the .gz bytes, not the text
    expect(native.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  // Each of these holds one row DuckDB and JSON.parse + zod might read differently: the file goes
  // down the zod path, so invalid rows are reported at their lines and valid ones stored as zod shapes them.
  const handedToZod: Record<string, string> = {
    'an invalid verdict': line(event('evt_x', { verdict: 'maybe' })),
    'a block without a reason code': line(event('evt_x', { verdict: 'block' })),
    'a blank reason code': line(escalateEvent('evt_x', { reason_code: '   ' })),
    'a reason code of other whitespace': line(event('evt_x', { verdict: 'redact', reason_code: '\u3000\u00a0\ufeff\n' })),
    'a blank id': line(event(' \t', {})),
    'a negative latency': line(event('evt_x', { latency_ms: -1 })),
    'a negative cost': line(event('evt_x', { cost_usd: -0.01 })),
    'a cost too large for a double': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","cost_usd":1e400}',
    'a trailing comma': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow",}',
    'NaN': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","score":NaN}',
    'Infinity in a text field': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","team":Infinity}',
    'a repeated id': line(event('evt_1', { team: 'later' })),
    'a repeated key': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","team":"a","team":"b"}',
    'a repeated key, first null': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","team":null,"team":"b"}',
    'a number where text belongs': line(event('evt_x', { team: 5 })),
    'a text where a number belongs': line(event('evt_x', { score: '0.5' })),
    'a whole number written 3.0': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","tokens_in":3.0}',
    'a fraction of a token': line(event('evt_x', { tokens_in: 1.5 })),
    'an unsafe integer': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","tokens_in":9007199254740993}',
    'a score above 1': line(event('evt_x', { score: 1.5 })),
    'a capitalised verdict': line(event('evt_x', { verdict: 'Allow' })),
    'an impossible date': line(event('evt_x', { timestamp: '2026-02-29T10:00:00Z' })),
    'a timestamp without a zone': line(event('evt_x', { timestamp: '2026-09-14T10:00:00' })),
    'an empty id': line(event('', {})),
    'a bad policy result': line(event('evt_x', { policy_results: [{ phase: 'input' }] })),
    'policy results that are not a list': line(event('evt_x', { policy_results: { policy: 'p' } })),
    'a line that is not JSON': '{"id":"evt_x",',
    'a line that is a list': '[1,2]',
    'a line that is null': 'null',
    'a lone surrogate': '{"id":"evt_x","timestamp":"2026-09-14T10:00:00Z","verdict":"allow","team":"\\ud800"}',
  };
  for (const [what, special] of Object.entries(handedToZod)) {
    it(`hands a file with ${what} to the zod path, with the same outcome`, async () => {
      const { file } = await bothWays('mixed.ndjson', [line(event('evt_1')), special, line(escalateEvent('evt_2'))]);
      expect(file.reader).toBe('zod');
    });
  }

  it('takes a reason code with content around whitespace with DuckDB, as given', async () => {
    const { file } = await bothWays('padded.ndjson', [line(escalateEvent('evt_1', { reason_code: ' violence_terms\u3000' })), line(event('evt_2', { id: '\u180eevt' }))]);
    expect(file.reader).toBe('duckdb');
  });

  it('a file DuckDB may not read (outside its allowed directories) loads through zod', async () => {
    const elsewhere = await tempStore();
    try {
      const path = join(elsewhere.dir, 'outside.ndjson');
      writeFileSync(path, unusualButValid.join('\n') + '\n');
      const report = await ingestFile(stores.a.store, 'events', path);
      expect(report).toMatchObject({ reader: 'zod', inserted: 8 });
    } finally {
      elsewhere.done();
    }
  });

  it('finishes more rows with policy results or extra fields than one page of them (10,000) exactly as zod does', async () => {
    // 25,003 such rows: three pages, the last one short; every third has an extra field (finished
    // whole), the others only their policy results (an unknown field in each result is kept).
    const lines = Array.from({ length: 25_003 }, (_, i) => line(event(`evt_page_${i}`, {
      policy_results: [{ policy: 'pii', verdict: 'allow', score: (i % 100) / 100, rule: `r${i}` }],
      ...(i % 3 === 0 ? { region: `eu-${i}` } : {}),
    })));
    const { file } = await bothWays('pages.ndjson', lines);
    expect(file).toMatchObject({ reader: 'duckdb', total: 25_003, accepted: 25_003, inserted: 25_003 });
    const stored = await stores.a.store.all<{ id: string; policy_results: string; attributes: string | null }>(
      "SELECT id, policy_results::VARCHAR AS policy_results, attributes::VARCHAR AS attributes FROM events WHERE id IN ('evt_page_25001', 'evt_page_25002') ORDER BY id");
    expect(stored.map((r) => ({ ...r, policy_results: JSON.parse(r.policy_results) }))).toEqual([
      { id: 'evt_page_25001', policy_results: [{ policy: 'pii', verdict: 'allow', score: 0.01, rule: 'r25001' }], attributes: null },
      { id: 'evt_page_25002', policy_results: [{ policy: 'pii', verdict: 'allow', score: 0.02, rule: 'r25002' }], attributes: '{"region":"eu-25002"}' },
    ]);
  });
});
