import type { Context, ErrorHandler } from 'hono';
import { errorJson, toKtError } from '../errors.js';
import { reportOptions } from '../report-options.js';
import { renderReportsPage } from './reports-page.js';
import { isPageRequest, webOnError } from './refusals.js';
import type { WebEnv } from './session.js';

/**
 * A report refused (two equal versions, a version with no events in scope, a negative minimum…):
 * a script holding a bearer token gets the API's JSON error; a browser signed in to the web UI
 * gets the reports page again, the refusal in one sentence above the form that asked and the
 * form as it was sent. A browser without a session signs in and comes back to the report.
 */
export const reportOnError: ErrorHandler<WebEnv> = async (error, c: Context<WebEnv>) => {
  if (c.req.header('authorization')) return errorJson(error, c);
  const kt = toKtError(error);
  if (!c.var.session) {
    if (kt.code !== 'unauthorized' || !isPageRequest(c)) return errorJson(error, c);
    const url = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  // No role to report, or kt itself failed: the plain refusal page says so.
  if (kt.code === 'forbidden' || kt.httpStatus >= 500) return webOnError(error, c);
  const { format: _format, ...params } = reportOptions(c.req.queries());
  return renderReportsPage(c, { name: c.req.param('name') ?? '', params, message: kt.message }, kt.httpStatus);
};
