import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findWebSession, sessionLifetimeMs, type WebSession } from '../../store/web-sessions.js';
import type { AppEnv } from '../env.js';

/** What web routes read from the context, on top of the API's store and principal. */
export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    /** The signed-in session, when there is one. */
    session: WebSession | undefined;
  };
}

export const sessionCookie = 'kt_session';

const cookieGraceMs = 24 * 3_600_000;

/**
 * `Secure` whenever the page was served over https, or when kt runs behind a
 * TLS-terminating proxy and `KT_COOKIE_SECURE=1` says so (the proxy hop is http).
 */
export function cookieIsSecure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || process.env.KT_COOKIE_SECURE === '1';
}

export function setSessionCookie(c: Context, sessionId: string): void {
  setCookie(c, sessionCookie, sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: cookieIsSecure(c),
    // A day past the session's end: the server decides when a session ends (12 hours, sign-out,
    // a revoked token); a browser still sending the cookie afterwards lets the sign-in page say
    // the session ended instead of greeting a reviewer mid-shift with a blank form.
    maxAge: Math.floor((sessionLifetimeMs + cookieGraceMs) / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookie, { path: '/', httpOnly: true, sameSite: 'Strict', secure: cookieIsSecure(c) });
}

/** Reads the session cookie (if any) and puts the session and its principal on the context. */
export const loadSession = createMiddleware<WebEnv>(async (c, next) => {
  const sessionId = getCookie(c, sessionCookie);
  const session = sessionId ? await findWebSession(c.var.store, sessionId) : undefined;
  c.set('session', session);
  if (session) c.set('principal', session.principal);
  await next();
});

/** Pages need a signed-in user; anyone else is sent to sign in and brought back afterwards. */
export const requireSession = createMiddleware<WebEnv>(async (c, next) => {
  if (!c.var.session) {
    const url = new URL(c.req.url);
    if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    // A form sent without a session was not acted on: say so, and come back to the page it was sent from.
    const from = sameSitePath(c.req.header('referer'), url.origin);
    return c.redirect(`/login?next=${encodeURIComponent(from)}&unsaved=1`, 303);
  }
  await next();
});

/** The path of a Referer of this site (a form's page), else the queue. */
function sameSitePath(referer: string | undefined, origin: string): string {
  try {
    const url = new URL(referer ?? '');
    return url.origin === origin ? safeNext(url.pathname + url.search) : '/';
  } catch {
    return '/';
  }
}

/** Where a post-login redirect is resolved, only to tell a same-site path from another site. */
const thisSite = 'http://kt.invalid';

/**
 * Only a same-site path may be a post-login destination (no open redirect): it starts
 * with one `/` (not `//` or `/\\`, which browsers read as another host) and holds no
 * control character or whitespace (browsers drop tabs and newlines, so `/<TAB>/evil`
 * would become `//evil`; a newline or NUL is not a valid header value). The answer is
 * the path as the URL parser writes it: percent-encoded, and still a path of this site
 * after `.` segments are removed. Anything else is the queue, `/`.
 */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\p{Cc}\p{Cf}\p{Z}\s]/u.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, thisSite);
  } catch {
    return '/';
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== thisSite || !path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
}

/**
 * Lets a signed-in browser follow links into the read-only API (the pattern
 * panel's analytics link): on GET and HEAD without a bearer token, the session
 * cookie names the caller. Writes to the API always need the bearer token, so
 * the cookie can never be ridden into a state change there.
 */
export const sessionForApiReads = createMiddleware<WebEnv>(async (c, next) => {
  const method = c.req.method;
  if ((method === 'GET' || method === 'HEAD') && !c.req.header('authorization')) {
    const sessionId = getCookie(c, sessionCookie);
    const session = sessionId ? await findWebSession(c.var.store, sessionId) : undefined;
    // The session too: a refused report is shown on the reports page, which names who is signed in.
    c.set('session', session);
    if (session) c.set('principal', session.principal);
  }
  await next();
});
