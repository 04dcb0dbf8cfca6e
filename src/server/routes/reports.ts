import { Hono } from 'hono';
import { reportFormatOf, renderReport, reportPdf } from '../../reports/render.js';
import { authenticate, requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { sessionForApiReads } from '../web/index.js';

/**
 * GET /reports/NAME?…&format=html|pdf — the same documents as `kt report`, for
 * policy owners, compliance and admins. A browser signed in to the web UI is known
 * by its session cookie; scripts send a bearer token. Team limits apply inside.
 */
export const reportsRouter = new Hono<AppEnv>();

reportsRouter.use('*', sessionForApiReads, authenticate, requireCapability('report'));

reportsRouter.get('/:name', async (c) => {
  const { format: formatText, ...params } = c.req.query();
  const format = reportFormatOf(`format=${formatText}`, formatText ?? 'html');
  const rendered = await renderReport(c.get('store'), { name: c.req.param('name'), params, viewer: c.get('principal') });
  if (format === 'html') return c.html(rendered.html);
  const pdf = await reportPdf(rendered, c.get('printer'));
  const file = `${rendered.name}-${rendered.generated_at.slice(0, 10)}.pdf`;
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${file}"`,
  });
});
