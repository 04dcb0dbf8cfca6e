import { Hono } from 'hono';
import { verifyAudit } from '../../store/audit.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';

/** Compliance and admin: check the whole hash chain. */
export const auditRouter = new Hono<AppEnv>()
  .use(requireCapability('audit'))
  .get('/verify', async (c) => c.json(await verifyAudit(c.get('store'))));
