import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { escalationIdSchema, resolutionSchema } from '../../domain/escalation.js';
import { userIdSchema } from '../../domain/user.js';
import { auditFor } from '../../store/audit.js';
import {
  claimEscalation, claimNext, escalationDetail, listEscalationsJson, nextFilterSchema, queueFilterSchema,
  reassignEscalation, resolveEscalation, unclaimEscalation, visibleEscalation,
} from '../../store/queue/index.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { validationHook } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { noQuery, queryOf } from '../query.js';

/**
 * The review queue. Every authenticated role may read the escalations of its teams
 * (policy owners and compliance read them for tuning and audits); claim, unclaim
 * and resolve need the review capability, reassign needs admin. Items of a team
 * the caller may not see answer 404, as if they did not exist.
 */
const idParam = z.object({ id: escalationIdSchema });
const reassignBody = z.object({ to: userIdSchema.optional() }).strict();

export const escalationsRouter = new Hono<AppEnv>()
  .get('/', queryOf(queueFilterSchema), async (c) => {
    // The page's JSON bytes straight from kept rows (the same text c.json would send).
    const json = await listEscalationsJson(c.get('store'), c.get('principal'), c.req.valid('query'));
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  })
  .get('/:id', zValidator('param', idParam, validationHook('path')), noQuery, async (c) => {
    return c.json(await escalationDetail(c.get('store'), c.get('principal'), c.req.valid('param').id));
  })
  .get('/:id/audit', zValidator('param', idParam, validationHook('path')), noQuery, async (c) => {
    const { id } = c.req.valid('param');
    const store = c.get('store');
    await visibleEscalation(store, c.get('principal'), id);
    return c.json({ id, entries: await auditFor(store, id) });
  })
  // The next queued item of the caller's teams (the list's filters narrow it), claimed in one call.
  .post('/claim-next', requireCapability('review'), queryOf(nextFilterSchema), async (c) => {
    return c.json(await claimNext(c.get('store'), c.get('principal'), c.req.valid('query')));
  })
  .post('/:id/claim', requireCapability('review'), noQuery, zValidator('param', idParam, validationHook('path')), async (c) => {
    return c.json(await claimEscalation(c.get('store'), c.get('principal'), c.req.valid('param').id));
  })
  .post('/:id/unclaim', requireCapability('review'), noQuery, zValidator('param', idParam, validationHook('path')), async (c) => {
    return c.json(await unclaimEscalation(c.get('store'), c.get('principal'), c.req.valid('param').id));
  })
  .post(
    '/:id/resolve',
    requireCapability('review'),
    noQuery,
    zValidator('param', idParam, validationHook('path')),
    jsonBody(resolutionSchema),
    async (c) => {
      return c.json(await resolveEscalation(c.get('store'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')));
    },
  )
  .post(
    '/:id/reassign',
    requireCapability('administer'),
    noQuery,
    zValidator('param', idParam, validationHook('path')),
    jsonBody(reassignBody),
    async (c) => {
      return c.json(await reassignEscalation(c.get('store'), c.get('principal'), c.req.valid('param').id, c.req.valid('json').to));
    },
  );
