import { Hono } from 'hono';
import { accepts } from 'hono/accepts';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { badInput } from '../../errors.js';
import { arrowStreamMediaType, eventFilterSchema, eventsToArrowIPC, parseEventFilter, tailEvents } from '../../events/index.js';
import { ingestEventRecords, ingestEventText, type IngestReport } from '../../ingest/index.js';
import { splitLines } from '../../ingest/lines.js';
import { csvMediaType, eventsToCsv } from '../../events/csv.js';
import { summarizeEvents, type EventsSummary } from '../../events/summary.js';
import { arrowRecords } from '../arrow-records.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { validationHook } from '../errors.js';
import { noQuery, queryOf } from '../query.js';

export const ndjsonMediaType = 'application/x-ndjson';

/** The tail filters a client may send; the team limits come from the caller, never the query. */
const tailQuerySchema = eventFilterSchema.omit({ visibleTeams: true });

/** The summary counts every matching event: a limit would mean nothing, so it is refused as unknown. */
const summaryQuerySchema = tailQuerySchema.omit({ limit: true });

const emptyNdjson = 'The body is empty: send one event per line (NDJSON).';

const ndjsonTypes = [ndjsonMediaType, 'application/jsonl', 'application/json-lines', 'application/x-jsonlines'];

/** What GET answers in, JSON first: `Accept: application/*` is JSON. */
const answerTypes = ['application/json', ...ndjsonTypes, arrowStreamMediaType, csvMediaType];

/** POST bodies are NDJSON or an Arrow IPC stream, told apart by Content-Type. */
const ingestHeaders = z.object({
  'content-type': z
    .string({ error: `is required: ${ndjsonMediaType} or ${arrowStreamMediaType}` })
    .transform((v) => v.split(';')[0]!.trim().toLowerCase())
    .refine((v) => v === arrowStreamMediaType || ndjsonTypes.includes(v), `must be ${ndjsonMediaType} or ${arrowStreamMediaType}`),
});

/**
 * GET: the newest events matching the tail filters, within the caller's teams, as
 * a JSON array, NDJSON (`Accept: application/x-ndjson`), an Arrow IPC stream
 * (`Accept: application/vnd.apache.arrow.stream`) or CSV (`Accept: text/csv`, the contract's
 * columns, nested fields as JSON text).
 */
export const eventsRouter = new Hono<AppEnv>()
  .get('/', queryOf(tailQuerySchema), async (c) => {
    const filter = parseEventFilter({ ...c.req.query(), visibleTeams: c.get('principal').teams }, { naming: 'param' });
    const rows = await tailEvents(c.get('store'), filter);
    // By the Accept header's preferences (q-values, wildcards): `arrow;q=0, application/json` is JSON.
    const format = accepts(c, { header: 'Accept', supports: answerTypes, default: 'application/json' });
    c.header('Vary', 'Accept');
    if (format === arrowStreamMediaType) {
      // A copy on a plain ArrayBuffer, the body type fetch accepts.
      return c.body(new Uint8Array(eventsToArrowIPC(rows)), 200, { 'Content-Type': arrowStreamMediaType });
    }
    if (format === csvMediaType) return c.body(eventsToCsv(rows), 200, { 'Content-Type': `${csvMediaType}; charset=utf-8` });
    if (ndjsonTypes.includes(format)) {
      return c.body(rows.map((r) => JSON.stringify(r) + '\n').join(''), 200, { 'Content-Type': `${ndjsonMediaType}; charset=utf-8` });
    }
    return c.json(rows);
  })
  /**
   * GET /summary: how many events match the tail filters, within the caller's teams, per verdict
   * (the filter's own verdict left out, as the Events page's tabs count) and per hour or day by
   * verdict, with the config versions deployed in the span, and where they come from: the Events
   * page's tabs, chart and sources (summarizeEvents).
   */
  .get('/summary', queryOf(summaryQuerySchema), async (c) => {
    const filter = parseEventFilter({ ...c.req.query(), visibleTeams: c.get('principal').teams }, { naming: 'param' });
    return c.json<EventsSummary>(await summarizeEvents(c.get('store'), filter));
  })
  /**
   * POST (admin): events to ingest, validated and deduplicated exactly like
   * `kt ingest events` (same function), in one transaction with its audit entry.
   * NDJSON is read as it arrives, line by line.
   */
  .post('/', requireCapability('ingest'), noQuery, zValidator('header', ingestHeaders, validationHook('headers')), async (c) => {
    const store = c.get('store');
    const options = { actor: c.get('principal').id };
    const source = 'POST /api/events';
    if (c.req.valid('header')['content-type'] === arrowStreamMediaType) {
      const records = arrowRecords(new Uint8Array(await c.req.arrayBuffer()));
      const numbered = records.map((value, i) => ({ line: i + 1, raw: JSON.stringify(value), value }));
      return c.json<IngestReport>(await ingestEventRecords(store, source, numbered, options));
    }
    const body = c.req.raw.body;
    if (!body) throw badInput(emptyNdjson);
    const lines = splitLines(refusingBlank(chunksOf(body.pipeThrough(new TextDecoderStream()))));
    return c.json<IngestReport>(await ingestEventText(store, source, lines, options));
  });

/**
 * The body's text as it arrives, refused at its end when it held nothing but whitespace:
 * an empty POST is a mistake, not zero events. Thrown inside the ingest's transaction,
 * so nothing (not even an audit entry) is written; nothing is buffered.
 */
async function* refusingBlank(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let blank = true;
  for await (const chunk of chunks) {
    if (blank && /\S/.test(chunk)) blank = false;
    yield chunk;
  }
  if (blank) throw badInput(emptyNdjson);
}

/** A web stream as an async iterable (the DOM typings lack Symbol.asyncIterator). */
async function* chunksOf(stream: ReadableStream<string>): AsyncGenerator<string> {
  const reader = stream.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}
