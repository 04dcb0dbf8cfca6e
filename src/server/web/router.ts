import { Hono } from 'hono';
import { assetRouter } from './assets.js';
import { auditPageRouter } from './audit-page.js';
import { claimNextRouter } from './claim-next.js';
import { escalationRouter } from './escalation-page.js';
import { configsPageRouter } from './configs-page.js';
import { eventsPageRouter } from './events-page.js';
import { evidencePageRouter } from './evidence-page.js';
import { loginRouter } from './login.js';
import { queueRouter } from './queue-page.js';
import { reportsPageRouter } from './reports-page.js';
import { tunePageRouter } from './tune-page.js';
import { usersPageRouter } from './users-page.js';
import { webOnError } from './refusals.js';
import { limitRequestBody } from '../body-limit.js';
import { loadSession, requireSession, type WebEnv } from './session.js';
import { pagePolicy } from './page-policy.js';

/**
 * The reviewer web UI: server-rendered pages on the same app as the API.
 * Mounted at `/`, so its middleware is attached to its own paths only (a `*`
 * here would also wrap every /api route).
 */
const pagePaths = ['/', '/login', '/logout', '/escalations/*', '/claim-next', '/events', '/events/*', '/configs', '/configs/*', '/reports', '/evidence', '/evidence/*', '/audit', '/audit/*', '/tune', '/tune/*', '/users', '/users/*'] as const;

export function webRouter(): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  web.onError(webOnError);
  for (const path of pagePaths) web.use(path, limitRequestBody(), pagePolicy, loadSession);
  // Everything but the sign-in page itself needs a session.
  for (const path of pagePaths.filter((p) => p !== '/login' && p !== '/logout')) web.use(path, requireSession);
  web.route('/static', assetRouter());
  web.route('/', loginRouter());
  web.route('/', queueRouter());
  web.route('/', escalationRouter());
  web.route('/', claimNextRouter());
  web.route('/', eventsPageRouter());
  web.route('/', configsPageRouter());
  web.route('/', reportsPageRouter());
  web.route('/', evidencePageRouter());
  web.route('/', auditPageRouter());
  web.route('/', tunePageRouter());
  web.route('/', usersPageRouter());
  return web;
}
