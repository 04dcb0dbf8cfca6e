import { Hono, type Context } from 'hono';
import { accepts } from 'hono/accepts';
import { z } from 'zod';
import { backlog, backlogQuerySchema } from '../../analytics/backlog.js';
import { falsePositiveClusters, falsePositiveQuerySchema } from '../../analytics/false-positives.js';
import { qualityQuerySchema, resolutionQuality } from '../../analytics/quality.js';
import { tableToArrowIPC, tableToCsv } from '../../analytics/table-formats.js';
import { answerTable, tableName, type AnalyticsQuestion } from '../../analytics/tables.js';
import { tuningComparison, tuningQuerySchema } from '../../analytics/tuning.js';
import { reviewVolume, volumeQuerySchema } from '../../analytics/volume.js';
import { arrowStreamMediaType } from '../../events/index.js';
import type { Principal } from '../../domain/user.js';
import type { Store } from '../../store/database.js';
import { authenticate, requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { queryOf } from '../query.js';

/**
 * GET /api/analytics/… — the same questions as `kt analyze …`, for policy owners,
 * compliance and admins. The caller's team limits are applied inside src/analytics.
 * Each answers JSON by default; `Accept: text/csv` or `application/vnd.apache.arrow.stream`
 * answers one of its tables (`table=`, default the first; see src/analytics/tables.ts), and
 * `table=` with JSON answers that table's rows.
 */
export const analyticsRouter = new Hono<AppEnv>();

analyticsRouter.use('*', authenticate, requireCapability('analyze'));

export const csvMediaType = 'text/csv';
const answerTypes = ['application/json', csvMediaType, arrowStreamMediaType];

/** `table`: which table of the answer a CSV or Arrow client (or one asking for flat rows) wants. */
const tableParam = { table: z.string().min(1, 'must name a table').optional() };

async function answerIn(c: Context<AppEnv>, question: AnalyticsQuestion, options: Record<string, unknown>, table: string | undefined, ask: () => Promise<unknown>): Promise<Response> {
  // By the Accept header's preferences (q-values, wildcards): `text/csv;q=0, application/json` is JSON.
  const format = accepts(c, { header: 'Accept', supports: answerTypes, default: 'application/json' });
  c.header('Vary', 'Accept');
  if (table !== undefined) tableName(question, table);
  const answer = await ask();
  if (format === 'application/json' && table === undefined) return c.json(answer);
  const rows = answerTable(question, answer as never, options, table);
  if (format === csvMediaType) return c.body(tableToCsv(rows), 200, { 'Content-Type': `${csvMediaType}; charset=utf-8; header=present` });
  if (format === arrowStreamMediaType) return c.body(new Uint8Array(tableToArrowIPC(rows)), 200, { 'Content-Type': arrowStreamMediaType });
  return c.json(rows.rows);
}

/**
 * One question's route: its schema (plus `table`) checks the query, unknown parameters refused;
 * the question gets the parsed options and the caller, whose team limits it applies.
 */
function serveQuestion<S extends z.ZodObject>(question: AnalyticsQuestion, schema: S, ask: (store: Store, options: z.output<S>, viewer: Principal) => Promise<unknown>): void {
  analyticsRouter.get(`/${question}`, queryOf(schema.extend(tableParam)), async (c) => {
    const { table, ...options } = c.req.valid('query') as z.output<S> & { table?: string };
    return answerIn(c, question, options, table, () => ask(c.get('store'), options as z.output<S>, c.get('principal')));
  });
}

serveQuestion('false-positives', falsePositiveQuerySchema, falsePositiveClusters);
serveQuestion('tuning', tuningQuerySchema, tuningComparison);
serveQuestion('volume', volumeQuerySchema, reviewVolume);
serveQuestion('backlog', backlogQuerySchema, backlog);
serveQuestion('quality', qualityQuerySchema, resolutionQuality);
