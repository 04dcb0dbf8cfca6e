import type { Context, ErrorHandler } from 'hono';
import { refusalInWords, type KtError } from '../../errors.js';
import { errorJson, toKtError } from '../errors.js';
import { reportOptions } from '../report-options.js';
import { renderReportsPage } from './reports-page.js';
import { refusedField } from './field-errors.js';
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
  return renderReportsPage(c, { name: c.req.param('name') ?? '', params, message: formWording(kt), field: refusedField(kt) }, kt.httpStatus);
};

/** The reports page's words for a report option, as its forms label them (the API's message names the query key). */
const optionWords: Record<string, string> = {
  since: 'The window',
  until: 'The end of the window',
  team: 'The team',
  config_id: 'The config',
  policy: 'The policy',
  reason_code: 'The reason code',
  before: 'The version before',
  after: 'The version after',
  cause: 'The cause',
  min_resolved: 'The minimum resolved per cluster',
  by: 'The split',
  bucket: 'The bucket size',
  window: 'The rollout window',
  quarter: 'The quarter',
};

/**
 * A refused option in the words of the form that sent it (an option named mid-sentence without
 * its capital: `The window "x" must be before the end of the window "y".`); any other refusal
 * as the report gave it.
 */
function formWording(kt: KtError): string {
  return refusalInWords(kt, (option, place) => {
    const words = optionWords[option];
    return place === 'versus' ? words?.replace(/^The /, 'the ') : words;
  }) ?? kt.message;
}
