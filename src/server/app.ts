import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Printer } from '../render/printer.js';
import type { Store } from '../store/database.js';
import type { AppEnv } from './env.js';
import { onError } from './errors.js';
import { KtError } from '../errors.js';
import { analyticsRouter } from './routes/analytics.js';
import { authenticate } from './auth.js';
import { escalationsRouter } from './routes/escalations.js';
import { usersRouter } from './routes/users.js';
import { auditRouter } from './routes/audit.js';
import { eventsRouter } from './routes/events.js';
import { sessionForApiReads, webRouter } from './web/index.js';
import { isPageRequest, webNotFound } from './web/refusals.js';
import { reportsRouter } from './routes/reports.js';
import { evidenceRouter } from './routes/evidence.js';
import { configsRouter } from './routes/configs.js';
import { tuneRouter } from './routes/tune.js';
import type { SigningKey } from '../signing/keys.js';
import { ExportJobs } from './export-jobs.js';
import { limitRequestBody } from './body-limit.js';
import { allowedMethods } from './allowed-methods.js';

/**
 * Composition only: one router per resource, mounted here. Routers get the store
 * (and the printer for PDFs, when the server keeps one, and the evidence exports
 * in progress, shared by the web UI and the API) from the context and the caller from the auth middleware.
 */
export function createApp(store: Store, options: { printer?: Printer; exportJobs?: ExportJobs; signingKey?: SigningKey } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const exportJobs = options.exportJobs ?? new ExportJobs();
  // The defaults for every answer; a header the web UI's pages set themselves (their
  // Referrer-Policy: same-origin, so a form's page is known) is kept, not overwritten on the way out.
  app.use(secureHeaders({ overwrite: false }));
  // Answers hold prompts, notes and who reviewed what: no browser or proxy keeps them for the next
  // person at the machine (after sign-out, the back button shows nothing). A route that says
  // otherwise (static assets, downloads) keeps its own.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use(async (c, next) => {
    c.set('store', store);
    c.set('printer', options.printer);
    c.set('exportJobs', exportJobs);
    c.set('signingKey', options.signingKey);
    await next();
  });
  app.onError(onError);
  app.notFound((c) => {
    if (isPageRequest(c)) return webNotFound(c);
    const allowed = c.req.path.startsWith('/api/') ? allowedMethods(app.routes, c.req.path) : [];
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header('Allow', allowed.join(', '));
      return c.json(new KtError('method_not_allowed', `${c.req.path} does not take ${c.req.method}; it takes ${allowed.join(', ')}.`, { method: c.req.method, allowed }).toJSON(), 405);
    }
    return c.json(new KtError('not_found', `No such route: ${c.req.method} ${c.req.path}`).toJSON(), 404);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  // Every /api route needs a caller: a bearer token (or a principal a session layer set earlier).
  app.use('/api/*', limitRequestBody((method, path) => method === 'POST' && path === '/api/events'));
  app.use('/api/*', sessionForApiReads);
  app.use('/api/*', authenticate);
  app.route('/api/escalations', escalationsRouter);
  app.route('/api/users', usersRouter);
  app.route('/api/audit', auditRouter);
  app.route('/api/events', eventsRouter);
  app.route('/api/analytics', analyticsRouter);
  app.route('/api/evidence', evidenceRouter);
  app.route('/api/configs', configsRouter);
  app.route('/api/tune', tuneRouter);
  app.route('/reports', reportsRouter);
  // The reviewer web UI: /login, /, /escalations/:id, /static/… (session cookie, CSRF-checked forms).
  app.route('/', webRouter());

  return app;
}
