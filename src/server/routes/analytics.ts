import { Hono } from 'hono';
import { backlog, backlogQuerySchema } from '../../analytics/backlog.js';
import { falsePositiveClusters, falsePositiveQuerySchema } from '../../analytics/false-positives.js';
import { qualityQuerySchema, resolutionQuality } from '../../analytics/quality.js';
import { tuningComparison, tuningQuerySchema } from '../../analytics/tuning.js';
import { reviewVolume, volumeQuerySchema } from '../../analytics/volume.js';
import { authenticate, requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { queryOf } from '../query.js';

/**
 * GET /api/analytics/… — the same questions as `kt analyze …`, for policy owners,
 * compliance and admins. The caller's team limits are applied inside src/analytics.
 */
export const analyticsRouter = new Hono<AppEnv>();

analyticsRouter.use('*', authenticate, requireCapability('analyze'));

analyticsRouter.get('/false-positives', queryOf(falsePositiveQuerySchema), async (c) =>
  c.json(await falsePositiveClusters(c.get('store'), c.req.valid('query'), c.get('principal'))));

analyticsRouter.get('/tuning', queryOf(tuningQuerySchema), async (c) =>
  c.json(await tuningComparison(c.get('store'), c.req.valid('query'), c.get('principal'))));

analyticsRouter.get('/volume', queryOf(volumeQuerySchema), async (c) =>
  c.json(await reviewVolume(c.get('store'), c.req.valid('query'), c.get('principal'))));

analyticsRouter.get('/backlog', queryOf(backlogQuerySchema), async (c) =>
  c.json(await backlog(c.get('store'), c.req.valid('query'), c.get('principal'))));

analyticsRouter.get('/quality', queryOf(qualityQuerySchema), async (c) =>
  c.json(await resolutionQuality(c.get('store'), c.req.valid('query'), c.get('principal'))));
