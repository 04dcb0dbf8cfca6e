import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { newUserSchema, userIdSchema } from '../../domain/user.js';
import { createUser, listUsers, revokeUser } from '../../store/users.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { validationHook } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { noQuery } from '../query.js';

/** Admin only: list users, add one (the answer carries its token, shown this once), revoke one. */
export const usersRouter = new Hono<AppEnv>()
  .use(requireCapability('administer'))
  .get('/', noQuery, async (c) => c.json({ users: await listUsers(c.get('store')) }))
  .post('/', noQuery, jsonBody(newUserSchema.strict()), async (c) => {
    const { user, token } = await createUser(c.get('store'), c.req.valid('json'), c.get('principal').id);
    return c.json({ user, token }, 201);
  })
  .delete('/:id', noQuery, zValidator('param', z.object({ id: userIdSchema }), validationHook('path')), async (c) => {
    return c.json({ user: await revokeUser(c.get('store'), c.req.valid('param').id, c.get('principal').id) });
  });
