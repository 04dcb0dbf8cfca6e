import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { tableToCsv } from '../../analytics/table-formats.js';
import { reportFormatOf, renderReport, reportPdf } from '../../reports/render.js';
import { badInput } from '../../errors.js';
import { authenticate, requireCapability } from '../auth.js';
import { reportOptions } from '../report-options.js';
import { sessionForApiReads } from '../web/index.js';
import { pagePolicy } from '../web/page-policy.js';
import { reportOnError } from '../web/report-refusal.js';
import type { WebEnv } from '../web/session.js';

/**
 * GET /reports/NAME?…&format=html|pdf|csv — the same documents as `kt report` (csv: the report's data as a table), for
 * policy owners, compliance and admins. A browser signed in to the web UI is known
 * by its session cookie; scripts send a bearer token. Team limits apply inside.
 */
export const reportsRouter = new Hono<WebEnv>();

reportsRouter.onError(reportOnError);

// On the reports themselves only: GET /reports, the page of forms that asks for them, is the web UI's.
reportsRouter.use('/:name', sessionForApiReads, authenticate, requireCapability('report'));

/**
 * A report is a document, opened in the browser: its own inline styles and charts (SVG,
 * data: images) only; no script, no outside resource, no form, no framing. Notes and
 * prompts in it are escaped; this holds if one ever were not.
 */
const reportPolicy = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ['data:'],
    fontSrc: ['data:'],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
});
// A refused report is the reports page again (report-refusal.ts), which needs the web UI's
// policy: under the report's, the page got no stylesheet or script and its forms could not be sent.
reportsRouter.use('/:name', async (c, next) => {
  await next();
  await (c.error ? pagePolicy : reportPolicy)(c, async () => {});
});

reportsRouter.get('/:name', async (c) => {
  const { format: formatText, ...params } = reportOptions(c.req.queries());
  if (Array.isArray(formatText)) throw badInput('The option format is given more than once; give it once.', { field: 'format' });
  const format = reportFormatOf('', formatText ?? 'html', 'format');
  const rendered = await renderReport(c.get('store'), { name: c.req.param('name'), params, viewer: c.get('principal') });
  if (format === 'html') return c.html(rendered.html);
  if (format === 'csv') {
    return c.body(tableToCsv(rendered.table), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${rendered.name}-${rendered.generated_at.slice(0, 10)}.csv"`,
    });
  }
  const pdf = await reportPdf(rendered, c.get('printer'));
  const file = `${rendered.name}-${rendered.generated_at.slice(0, 10)}.pdf`;
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${file}"`,
  });
});
