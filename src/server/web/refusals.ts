import type { Context, ErrorHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findWebSession } from '../../store/web-sessions.js';
import { toKtError } from '../errors.js';
import { renderPage } from './page.js';
import { sessionCookie, type WebEnv } from './session.js';

const headings: Record<string, string> = {
  not_found: 'Not found',
  forbidden: 'No access',
  bad_input: 'That request was not understood',
  conflict: 'That could not be done',
  too_large: 'That was more than kt reads',
  unavailable: 'kt is unavailable',
  internal: 'Something went wrong',
};

/**
 * Pages never answer with raw JSON: every refusal is a page with one clear
 * sentence and a way back. An escalation of a team the viewer may not see is
 * "not found" to them, exactly as the API answers, so its existence leaks nothing.
 */
export const webOnError: ErrorHandler<WebEnv> = (error, c: Context<WebEnv>) => {
  const kt = toKtError(error);
  if (kt.code === 'internal') console.error(error);
  if (kt.code === 'unauthorized') return c.redirect('/login', 303);
  const message = kt.code === 'not_found' && c.req.path.startsWith('/escalations/')
    ? `${kt.message} It may not exist, or it belongs to a team you do not review.`
    : kt.message;
  return renderPage(c, 'pages/refusal', { title: headings[kt.code] ?? 'Refused', heading: headings[kt.code] ?? 'Refused', message }, kt.httpStatus);
};

/**
 * A browser asking for a path kt has no page for (a mistyped or stale link) gets a page saying
 * so, under the top bar of whoever is signed in, instead of the API's JSON 404. `/api/…`
 * paths and callers that do not ask for HTML keep the JSON answer.
 */
export function isPageRequest(c: Context): boolean {
  return !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html');
}

export async function webNotFound(c: Context): Promise<Response> {
  const sessionId = getCookie(c, sessionCookie);
  const session = sessionId ? await findWebSession(c.var.store, sessionId) : undefined;
  c.set('session', session);
  return renderPage(c, 'pages/refusal', { title: 'Not found', heading: 'Not found', message: `There is no page at ${c.req.path}.` }, 404);
}
