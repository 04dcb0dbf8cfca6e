import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KtError } from '../../src/errors.js';
import { loadEvents } from '../../src/ingest/events.js';
import { ingestFile } from '../../src/ingest/index.js';
import { eventShape, fileSource } from '../../src/ingest/source.js';
import { count, fixture, tempStore } from './helpers.js';

let ctx: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  ctx = await tempStore();
});
afterEach(() => ctx.done());

type Row = { id: string; verdict: string; request: string | null; score: number | null; tokens_in: number | null; policy_results: string | null; attributes: string | null };
const storedRows = () => ctx.store.all<Row>('SELECT id, verdict, request, score, tokens_in, policy_results, attributes FROM events ORDER BY id');

/** Writes a Parquet file with DuckDB's own writer (a private in-memory database). */
async function writeParquet(path: string, selectSql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${selectSql}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

describe('input formats', () => {
  it('reads CSV: quoted fields with commas, quotes and newlines, numbers coerced, nested JSON text, empty cells null', async () => {
    const report = await ingestFile(ctx.store, 'events', fixture('events.csv'));
    expect(report).toMatchObject({ total: 4, accepted: 2, rejected: 2 });
    // Rows are numbered by the line they start on: evt_c02 spans lines 3-4.
    expect(report.rejections.map((r) => [r.line, r.field, r.reason])).toEqual([
      [5, 'reason_code', 'reason_code is required when verdict is block'],
      [6, 'score', 'score must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got "high")'],
    ]);
    const rows = await storedRows();
    expect(rows[0]).toMatchObject({ id: 'evt_c01', verdict: 'allow', request: 'Hello, world', score: 0.25, tokens_in: 10, policy_results: null });
    expect(JSON.parse(rows[0]!.attributes!)).toEqual({ region: 'eu-west-1' });
    expect(rows[1]).toMatchObject({ id: 'evt_c02', verdict: 'escalate', request: 'She said "kill it"\nand left', tokens_in: null });
    expect(JSON.parse(rows[1]!.policy_results!)).toEqual([{ policy: 'human-oversight', verdict: 'escalate', score: 0.8 }]);
  });

  it('reports a CSV row with the wrong number of fields', async () => {
    const path = join(ctx.dir, 'short.csv');
    writeFileSync(path, 'id,timestamp,verdict\nevt_1,2026-09-14T10:00:00Z,allow\nevt_2,2026-09-14T10:00:00Z\n');
    const report = await ingestFile(ctx.store, 'events', path);
    expect(report.rejections).toEqual([{ file: path, line: 3, field: undefined, reason: 'the row has 2 fields but the header has 3', raw: 'evt_2,2026-09-14T10:00:00Z' }]);
  });

  it('refuses a CSV header with a repeated or empty column name, naming file, line and column; nothing is stored', async () => {
    const row = 'evt_1,2026-09-14T10:00:00Z,escalate,violence_terms,support,sales';
    const cases: [string, string, string][] = [
      ['id,timestamp,verdict,reason_code,team,team', row, 'the header names the column "team" twice (columns 5 and 6): one of its cells would be lost'],
      ['id,timestamp,verdict,reason_code,,team', row, 'column 5 of the header has no name: every column needs one, else its cells are lost'],
      ['id,timestamp,verdict,reason_code,"",team', row, 'column 5 of the header has no name: every column needs one, else its cells are lost'],
      ['id,timestamp,verdict,reason_code,team," team "', row, 'the header names the column "team" twice (columns 5 and 6): one of its cells would be lost'],
    ];
    for (const [i, [header, line, reason]] of cases.entries()) {
      const path = join(ctx.dir, `bad-header-${i}.csv`);
      writeFileSync(path, `${header}\n${line}\n`);
      const gz = join(ctx.dir, `bad-header-${i}.csv.gz`);
      writeFileSync(gz, gzipSync(`${header}\n${line}\n`));
      for (const file of [path, gz]) {
        // DuckDB's own reader (which renames such names) hands the file to kt's parser, which refuses it.
        await expect(ingestFile(ctx.store, 'events', file)).rejects.toThrow(`${file}:1: ${reason}. Nothing from this file was stored.`);
        await expect(loadEvents(ctx.store, await fileSource(file, eventShape))).rejects.toThrow(`${file}:1: ${reason}.`);
      }
    }
    const escalations = join(ctx.dir, 'esc.csv');
    writeFileSync(escalations, '\nid,event_id,severity,severity\nesc_1,evt_1,low,high\n');
    const refusal = await ingestFile(ctx.store, 'escalations', escalations).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(KtError);
    expect(refusal).toMatchObject({
      code: 'bad_file', details: { file: 'esc.csv', line: 2, field: 'severity' },
      message: `${escalations}:2: the header names the column "severity" twice (columns 3 and 4): one of its cells would be lost. Nothing from this file was stored.`,
    });
    expect(await count(ctx.store, 'events')).toBe(0);
    expect(await count(ctx.store, 'audit')).toBe(0);
  });

  it('reads .jsonl like .ndjson, and gzip by extension or by magic bytes', async () => {
    const text = readFileSync(fixture('events.ndjson'));
    const jsonl = join(ctx.dir, 'events.jsonl');
    copyFileSync(fixture('events.ndjson'), jsonl);
    const gz = join(ctx.dir, 'events.ndjson.gz');
    writeFileSync(gz, gzipSync(text));
    const disguised = join(ctx.dir, 'gzipped-without-suffix.ndjson');
    writeFileSync(disguised, gzipSync(text));
    for (const path of [jsonl, gz, disguised]) {
      const report = await ingestFile(ctx.store, 'events', path);
      expect(report).toMatchObject({ total: 12, accepted: 5, rejected: 7 });
    }
    expect(await count(ctx.store, 'events')).toBe(5);
  });

  it('reads gzipped CSV', async () => {
    const path = join(ctx.dir, 'events.csv.gz');
    writeFileSync(path, gzipSync(readFileSync(fixture('events.csv'))));
    expect(await ingestFile(ctx.store, 'events', path)).toMatchObject({ total: 4, accepted: 2, inserted: 2 });
  });

  it('reads Parquet, plain and gzipped, with nested policy_results and extra columns', async () => {
    const path = join(ctx.dir, 'events.parquet');
    await writeParquet(path, `
      SELECT 'evt_p' || i AS id, TIMESTAMPTZ '2026-09-14 10:00:00+00' + to_minutes(i) AS "timestamp",
        CASE WHEN i = 3 THEN 'sometimes' WHEN i % 2 = 0 THEN 'escalated' ELSE 'allow' END AS verdict,
        CASE WHEN i % 2 = 0 THEN 'pii_detected' END AS reason_code,
        i / 10 AS score, i::BIGINT AS tokens_in,
        [{'policy': 'pii-detector', 'verdict': 'allowed', 'score': 0.1}] AS policy_results,
        'eu' AS region
      FROM range(1, 6) t(i)`);
    const report = await ingestFile(ctx.store, 'events', path);
    expect(report).toMatchObject({ total: 5, accepted: 4, rejected: 1, inserted: 4, escalationsCreated: 2 });
    expect(report.rejections[0]).toMatchObject({ line: 3, field: 'verdict' });
    expect(JSON.parse(report.rejections[0]!.raw)).toMatchObject({ id: 'evt_p3', verdict: 'sometimes' });
    const rows = await storedRows();
    expect(rows[0]).toMatchObject({ id: 'evt_p1', verdict: 'allow', score: 0.1, tokens_in: 1 });
    expect(JSON.parse(rows[0]!.policy_results!)).toEqual([{ policy: 'pii-detector', verdict: 'allow', score: 0.1 }]);
    expect(JSON.parse(rows[0]!.attributes!)).toEqual({ region: 'eu' });

    const gz = join(ctx.dir, 'events.parquet.gz');
    writeFileSync(gz, gzipSync(readFileSync(path)));
    expect(await ingestFile(ctx.store, 'events', gz)).toMatchObject({ total: 5, accepted: 4, unchanged: 4, inserted: 0 });
  });

  it('refuses a file whose format it cannot tell, and a missing file, naming it', async () => {
    const odd = join(ctx.dir, 'events.txt');
    writeFileSync(odd, '{}\n');
    await expect(ingestFile(ctx.store, 'events', odd)).rejects.toThrow(/events\.txt: cannot tell the format/);
    await expect(ingestFile(ctx.store, 'events', join(ctx.dir, 'nope.ndjson'))).rejects.toThrow(/nope\.ndjson: cannot read the file \(ENOENT\)/);
  });
});
