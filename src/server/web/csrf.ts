import { timingSafeEqual } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { forbidden } from '../../errors.js';
import type { WebEnv } from './session.js';

/**
 * CSRF defence for every form POST, in two layers:
 * - a synchronizer token: each session has a random token (stored server-side with
 *   the session) that every form carries in a hidden `_csrf` field; before sign-in,
 *   the login form uses a double-submit cookie (`kt_login_csrf`) instead;
 * - an Origin check: a browser's POST from another site names that site.
 * The SameSite=Strict session cookie is a third layer, but not relied on alone.
 */
export const csrfField = '_csrf';
export const loginCsrfCookie = 'kt_login_csrf';

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export const verifyCsrf = createMiddleware<WebEnv>(async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== 'null') {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    // An Origin that is not a URL names no site, so it cannot be this one (even when Host is absent too).
    if (originHost === undefined || originHost !== c.req.header('host')) {
      throw forbidden(`This form was sent from another site (${origin}); kt only accepts its own forms.`, { origin });
    }
  }
  const form = await c.req.parseBody();
  const sent = typeof form[csrfField] === 'string' ? form[csrfField] : undefined;
  const expected = c.var.session ? c.var.session.csrfToken : getCookie(c, loginCsrfCookie);
  if (!sameToken(sent, expected)) {
    throw forbidden('The form had expired or did not come from this kt page. Reload the page and try again.', { reason: 'csrf' });
  }
  await next();
});
