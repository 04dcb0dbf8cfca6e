import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestFile, type IngestReport } from '../../src/ingest/index.js';
import { loadEvents } from '../../src/ingest/events.js';
import { eventShape, fileSource, knownEventFields } from '../../src/ingest/source.js';
import { seedEvents, storePairPerTest, storeStates, storedRows } from './helpers.js';

// CSV files go through DuckDB's own reader when it and kt's CSV parser + zod read every row
// alike, and through kt's parser otherwise; either way a file lands exactly as the zod path lands it.

const stores = storePairPerTest();
const outcome = ({ reader: _reader, load: _load, ...rest }: IngestReport) => rest;
let state: (typeof storeStates)[number] = storeStates[0];

async function bothWays(text: string): Promise<IngestReport> {
  const path = join(stores.a.dir, 'events.csv');
  writeFileSync(path, text);
  const file = await ingestFile(stores.a.store, 'events', path);
  const viaZod = await loadEvents(stores.b.store, await fileSource(path, eventShape));
  expect(viaZod.reader).toBe('zod');
  // A file with extra columns is merged even into an empty store: each of its rows is finished in JavaScript.
  const extraColumns = text.slice(0, text.indexOf('\n')).split(',').some((name) => !knownEventFields.has(name));
  expect(file.load).toBe(file.reader === 'duckdb' && !extraColumns ? state.load : 'merge');
  expect(outcome(file)).toEqual(outcome(viaZod));
  expect(await storedRows(stores.a.store)).toEqual(await storedRows(stores.b.store));
  return file;
}

const header = 'id,timestamp,verdict,reason_code,policy,team,request,score,latency_ms,tokens_in,policy_results';
const clean = [
  header,
  'evt_1,2026-09-14T10:00:00Z,allow,"  ",pii-detector,support,"Hello, world",0.50,1E2,0,[]',
  'evt_2,2026-09-14T10:01:00.25+02:00,escalated,violence_terms,human-oversight,,"She said ""kill it""\nand left",0.9,-0,12,"[{""policy"":""violence"",""verdict"":""Escalated"",""rule"":""r1""}]"',
  'evt_3,2026-09-14T10:02:00Z,blocked,pii_detected,pii-detector,"",plain,,,,',
  '',
  'evt_4,2028-02-29T10:03:00Z,allow,,,sales,"emoji 🚀, 中文",1,0.001,7,',
].join('\n') + '\n';

describe.each(storeStates)('CSV events through DuckDB, into $into', (given) => {
  beforeEach(async () => {
    state = given;
    if (given.seeded) for (const { store } of [stores.a, stores.b]) await seedEvents(store);
  });

  it('reads a clean file with DuckDB and stores exactly what kt\'s own CSV parser and zod store', async () => {
    const report = await bothWays(clean);
    expect(report).toMatchObject({ reader: 'duckdb', total: 4, accepted: 4, inserted: 4, escalationsCreated: 1 });
    const row = await stores.a.store.one<{ team: string | null; request: string }>("SELECT team, request FROM events WHERE id = 'evt_3'");
    expect(row).toEqual({ team: '', request: 'plain' }); // a quoted empty cell is empty text
  });

  it('takes extra columns into attributes with DuckDB too', async () => {
    const text = clean.replace(header, `${header},region`).split('\n').map((l, i) => (i === 0 || l === '' ? l : `${l},eu`)).join('\n');
    const report = await bothWays(text);
    expect(report.reader).toBe('duckdb');
    const row = await stores.a.store.one<{ attributes: string }>("SELECT attributes FROM events WHERE id = 'evt_4'");
    expect(JSON.parse(row!.attributes)).toEqual({ region: 'eu' });
  });

  it('reads the cells by their column names, in whatever order the file has them', async () => {
    const text = [
      'policy_results,verdict,id,request,timestamp,reason_code,team,score',
      '[],allow,evt_1,"Hello, world",2026-09-14T10:00:00Z,,support,0.5',
      '"[{""policy"":""pii"",""rule"":""r1""}]",redacted,evt_2,plain,2026-09-14T10:01:00Z,pii_detected,,1',
      '',
    ].join('\n');
    expect((await bothWays(text)).reader).toBe('duckdb');
    expect(await stores.a.store.one("SELECT verdict, reason_code, request, score FROM events WHERE id = 'evt_2'"))
      .toEqual({ verdict: 'redact', reason_code: 'pii_detected', request: 'plain', score: 1 });
  });

  it('keeps a column named like a field in other letters (Team) as an extra column, as kt\'s parser does', async () => {
    const text = clean.replace(header, header.replace(',team,', ',Team,'));
    await bothWays(text);
    const row = await stores.a.store.one<{ team: string | null; attributes: string }>("SELECT team, attributes::VARCHAR AS attributes FROM events WHERE id = 'evt_1'");
    expect(row).toEqual({ team: null, attributes: JSON.stringify({ Team: 'support' }) });
  });

  it('shapes policy results with zod alone when the file has no extra columns, keeping unknown fields of each result', async () => {
    const text = [
      header,
      'evt_1,2026-09-14T10:00:00Z,redact,pii,pii-detector,t,x,,,,"[{""policy"":""pii"",""verdict"":""REDACTED"",""score"":0.7,""vendor_rule"":""X-9""}]"',
      'evt_2,2026-09-14T10:00:01Z,allow,,,t,x,,,, [ ] ',
    ].join('\n') + '\n';
    const report = await bothWays(text);
    expect(report).toMatchObject({ reader: 'duckdb', accepted: 2 });
    const row = await stores.a.store.one<{ policy_results: string }>("SELECT policy_results::VARCHAR AS policy_results FROM events WHERE id = 'evt_1'");
    expect(JSON.parse(row!.policy_results)[0]).toMatchObject({ vendor_rule: 'X-9', score: 0.7 });
  });

  const handedToZod: Record<string, string> = {
    'policy results that are not a list': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,,,{}\n`,
    'a quote inside an unquoted cell': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,ab"c,x,,,,\nevt_2,2026-09-14T10:00:00Z,allow,,,t,x,,,,\n`,
    'text after a closing quote': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,"ab"c,x,,,,\n`,
    'a carriage return inside quotes': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,"a\r\nb",x,,,,\n`,
    'a number with spaces': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x, 0.5,,,\n`,
    'a count written 1.0': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,,1.0,\n`,
    'a hexadecimal number': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,0x10,,\n`,
    'a capitalised verdict': `${header}\nevt_1,2026-09-14T10:00:00Z,Allow,,,t,x,,,,\n`,
    'an invalid row': `${header}\nevt_1,2026-09-14T10:00:00Z,maybe,,,t,x,,,,\nevt_2,2026-09-14T10:00:00Z,allow,,,t,x,,,,\n`,
    'a row with too few cells': `${header}\nevt_1,2026-09-14T10:00:00Z,allow\nevt_2,2026-09-14T10:00:00Z,allow,,,t,x,,,,\n`,
    'a repeated id': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,,,\nevt_1,2026-09-14T10:00:00Z,allow,,,u,x,,,,\n`,
    'policy results that are not JSON': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,,,[oops\n`,
    'a binary number': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,0b1,,,\n`,
    'a number with an underscore': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,1_000,,\n`,
    'Infinity': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,Infinity,,\n`,
    'a number too large for a double': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,1e400,,\n`,
    'a negative latency': `${header}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,-1,,\n`,
    'a blank reason code': `${header}\nevt_1,2026-09-14T10:00:00Z,block,"  ",,t,x,,,,\n`,
    'a blank id': `${header}\n" ",2026-09-14T10:00:00Z,allow,,,t,x,,,,\n`,
  };
  for (const [what, text] of Object.entries(handedToZod)) {
    it(`hands a file with ${what} to kt's own parser, with the same outcome`, async () => {
      expect((await bothWays(text)).reader).toBe('zod');
    });
  }

  it('refuses number cells not in plain decimal notation, and negative durations and costs, naming the field', async () => {
    const cells = ['0x1', '0b1', '1_000', ' 1 ', 'Infinity', '.5', '1.', '+1', '1e400', '-1'];
    const text = ['id,timestamp,verdict,score,latency_ms,cost_usd',
      ...cells.map((cell, i) => `evt_${i},2026-09-14T10:00:00Z,allow,${i % 2 === 0 ? cell : ''},,${i % 2 === 1 ? cell : ''}`),
      'evt_ok,2026-09-14T10:00:00Z,allow,1,0.25,1e-3'].join('\n') + '\n';
    const report = await bothWays(text);
    expect(report).toMatchObject({ reader: 'zod', total: 11, accepted: 1 });
    expect(report.rejections.map((r) => `${r.line} ${r.field}: ${r.reason}`)).toEqual([
      '2 score: score must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "0x1")',
      '3 cost_usd: cost_usd must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "0b1")',
      '4 score: score must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "1_000")',
      '5 cost_usd: cost_usd must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got " 1 ")',
      '6 score: score must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "Infinity")',
      '7 cost_usd: cost_usd must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got ".5")',
      '8 score: score must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "1.")',
      '9 cost_usd: cost_usd must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "+1")',
      '10 score: score is out of range (1e400 is not a finite number)',
      '11 cost_usd: cost_usd must be at least 0 (got -1)',
    ]);
    expect(await stores.a.store.one("SELECT score, latency_ms, cost_usd FROM events WHERE id = 'evt_ok'")).toEqual({ score: 1, latency_ms: 0.25, cost_usd: 0.001 });
  });

  for (const [what, names] of [['a repeated column', `${header},team`], ['a column without a name', `${header},`]]) {
    it(`refuses a file with ${what} exactly as kt's own parser does, storing nothing`, async () => {
      const path = join(stores.a.dir, 'events.csv');
      writeFileSync(path, `${names}\nevt_1,2026-09-14T10:00:00Z,allow,,,t,x,,,,,u\n`);
      const refusal = (load: Promise<unknown>) => load.then(() => 'accepted', (error: Error) => error.message);
      const viaFile = await refusal(ingestFile(stores.a.store, 'events', path));
      expect(viaFile).toMatch(/:1: .*Nothing from this file was stored\.$/);
      expect(viaFile.startsWith(`${path}:1: `)).toBe(true);
      expect(await refusal(loadEvents(stores.b.store, await fileSource(path, eventShape)))).toBe(viaFile);
      expect(await storedRows(stores.a.store)).toEqual(await storedRows(stores.b.store));
    });
  }

  it('finishes more rows than one page of them (10,000) exactly as kt\'s parser and zod do', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) =>
      `evt_page_${i},2026-09-14T10:00:00Z,allow,,pii-detector,support,text ${i},,,,"[{""policy"":""pii"",""rule"":""r${i}""}]"`);
    expect(await bothWays([header, ...rows].join('\n') + '\n')).toMatchObject({ reader: 'duckdb', inserted: 20_001 });
  });

  it('finishes more rows than one page of them with extra columns too', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) =>
      `evt_page_${i},2026-09-14T10:00:00Z,allow,,pii-detector,support,text ${i},,,,"[{""policy"":""pii"",""rule"":""r${i}""}]",eu-${i}`);
    expect(await bothWays([`${header},region`, ...rows].join('\n') + '\n')).toMatchObject({ reader: 'duckdb', inserted: 20_001 });
    const row = await stores.a.store.one<{ attributes: string }>("SELECT attributes::VARCHAR AS attributes FROM events WHERE id = 'evt_page_20000'");
    expect(JSON.parse(row!.attributes)).toEqual({ region: 'eu-20000' });
  });
});
