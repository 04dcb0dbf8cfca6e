import { Hono } from 'hono';
import { z } from 'zod';
import { configVersion, diffStoredVersions, listConfigVersions } from '../../configs/versions.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { noQuery, queryOf } from '../query.js';

const listQuery = z.object({ config_id: z.string().min(1).optional() });
const diffQuery = z.object({ from: z.string().min(1, 'is required'), to: z.string().min(1, 'is required') });

/**
 * GET /api/configs… — stored configuration versions, as `kt config list|show|diff`,
 * for policy owners, compliance and admins. A caller limited to teams sees the
 * event counts of their teams only.
 */
export const configsRouter = new Hono<AppEnv>()
  .use(requireCapability('analyze'))
  .get('/', queryOf(listQuery), async (c) =>
    c.json(await listConfigVersions(c.get('store'), c.get('principal'), c.req.valid('query').config_id)))
  // Registered before /:id/:version so that "diff" is never read as a version.
  .get('/:id/diff', queryOf(diffQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json(await diffStoredVersions(c.get('store'), c.req.param('id'), from, to));
  })
  .get('/:id/:version', noQuery, async (c) => c.json(await configVersion(c.get('store'), c.req.param('id'), c.req.param('version'))));
