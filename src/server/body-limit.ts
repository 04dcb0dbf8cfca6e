import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { KtError } from '../errors.js';

/** The largest body a form or JSON route reads: a 1 MB draft, percent-encoded in the tune form, fits. */
export const requestBodyLimitBytes = 4 * 1024 * 1024;

/**
 * Bodies are read into memory, and the sign-in form before anyone is known (its CSRF
 * check parses it), so an unbounded body lets an outsider exhaust the server's memory.
 * Past the limit the body is refused (413 Content Too Large, RFC 9110 §15.5.14, so a client
 * or proxy can tell it from a bad field) without being read to the end. An events ingest (admins only, authenticated before its body is read) is
 * the one route that takes more: it goes through `except`.
 */
export function limitRequestBody(except: (method: string, path: string) => boolean = () => false) {
  const limit = bodyLimit({
    maxSize: requestBodyLimitBytes,
    onError: () => {
      throw new KtError('too_large', `The request body is larger than ${requestBodyLimitBytes / 1024 / 1024} MB, the most kt reads for a form or JSON body.`, { limit_bytes: requestBodyLimitBytes });
    },
  });
  return createMiddleware(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || except(c.req.method, c.req.path)) return next();
    return limit(c, next);
  });
}
