import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { KtError } from '../../errors.js';
import type { Principal } from '../../domain/user.js';
import { findUserByToken } from '../../store/users.js';
import { closeWebSession, openWebSession } from '../../store/web-sessions.js';
import { loginCsrfCookie, verifyCsrf } from './csrf.js';
import { renderPage } from './page.js';
import { clearSessionCookie, cookieIsSecure, safeNext, sessionCookie, setSessionCookie, type WebEnv } from './session.js';

const loginFormSchema = z.object({
  token: z.string().trim().max(500).default(''),
  next: z.string().max(2000).optional(),
});

/** The login form's double-submit token: set with the page, checked on POST (there is no session yet). */
function loginCsrf(c: Context<WebEnv>): string {
  const existing = getCookie(c, loginCsrfCookie);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, loginCsrfCookie, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: cookieIsSecure(c), maxAge: 60 * 60 });
  return token;
}

function loginPage(c: Context<WebEnv>, next: string, message: { refusal?: string; notice?: string } = {}, status = 200): Response {
  return renderPage(c, 'pages/login', { title: 'Sign in', next, ...message, loginCsrf: loginCsrf(c) }, status);
}

/**
 * Why the sign-in form is shown, when the browser was signed in: signed out here, or a session
 * cookie kt no longer knows (it ended after 12 hours, by sign-out elsewhere or a revoked token).
 * A form sent meanwhile was not acted on, and the reviewer should know before signing in again.
 */
function signInNotice(c: Context<WebEnv>): { notice?: string } {
  const unsaved = c.req.query('unsaved') === '1' ? ' What you last sent was not saved: send it again once you are signed in.' : '';
  if (c.req.query('signed_out') === '1') return { notice: 'You are signed out.' };
  if (getCookie(c, sessionCookie) !== undefined) {
    clearSessionCookie(c);
    return { notice: `Your session has ended (sessions last 12 hours; signing out elsewhere or a revoked token ends them too). Sign in again to go on.${unsaved}` };
  }
  return unsaved ? { notice: `You are not signed in.${unsaved}` } : {};
}

/** Sign-in with a user's API token (exchanged for a session cookie) and sign-out. */
export function loginRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();

  router.get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.var.session) return c.redirect(next, 303);
    return loginPage(c, next, signInNotice(c));
  });

  router.post('/login', verifyCsrf, async (c) => {
    const form = loginFormSchema.parse(await c.req.parseBody());
    const next = safeNext(form.next);
    if (form.token === '') return loginPage(c, next, { refusal: 'Paste your kt token to sign in.' }, 400);
    let principal: Principal | undefined;
    try {
      principal = await findUserByToken(c.var.store, form.token);
    } catch (error) {
      // A token kt refuses for a reason (an admin limited to teams) says so on the form.
      if (error instanceof KtError && error.code === 'forbidden') return loginPage(c, next, { refusal: error.message }, 403);
      throw error;
    }
    if (!principal) {
      return loginPage(c, next, { refusal: 'That token is not valid or has been revoked. Ask an admin for a new one (kt users add).' }, 401);
    }
    const { sessionId } = await openWebSession(c.var.store, principal);
    setSessionCookie(c, sessionId);
    deleteCookie(c, loginCsrfCookie, { path: '/', secure: cookieIsSecure(c) });
    return c.redirect(next, 303);
  });

  router.post('/logout', verifyCsrf, async (c) => {
    const sessionId = getCookie(c, sessionCookie);
    if (sessionId) await closeWebSession(c.var.store, sessionId);
    clearSessionCookie(c);
    return c.redirect('/login?signed_out=1', 303);
  });

  return router;
}
