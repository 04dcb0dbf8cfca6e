import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { KtError, notFound } from '../errors.js';
import { projectRoot } from '../store/queries.js';

/** The reports kt can make; each has `reports/NAME.yaml` and `templates/reports/NAME.hbs`. */
export const reportNames = ['false-positives', 'tuning', 'volume'] as const;
export type ReportName = (typeof reportNames)[number];

/**
 * A report definition (reports/NAME.yaml): its title, audience, which analytics and
 * template it uses, the charts it draws, and the words that define each number and
 * the report's known limits. The text is printed in the report as written here.
 */
export const reportDefinitionSchema = z.object({
  name: z.enum(reportNames),
  title: z.string().min(1),
  audience: z.string().min(1),
  template: z.string().regex(/^reports\/[a-z-]+$/, 'must name a template under templates/reports/'),
  analytics: z.array(z.string().min(1)).min(1),
  charts: z.array(z.string().min(1)).default([]),
  definitions: z.array(z.object({ term: z.string().min(1), meaning: z.string().min(1) })).min(1),
  limitations: z.array(z.string().min(1)).default([]),
});

export type ReportDefinition = z.output<typeof reportDefinitionSchema>;

export function isReportName(name: string): name is ReportName {
  return (reportNames as readonly string[]).includes(name);
}

const cache = new Map<ReportName, ReportDefinition>();

export function reportDefinition(name: string): ReportDefinition {
  if (!isReportName(name)) {
    throw notFound(`There is no report named ${JSON.stringify(name)}; choose one of ${reportNames.join(', ')}.`, { report: name });
  }
  const cached = cache.get(name);
  if (cached) return cached;
  const file = join(projectRoot, 'reports', `${name}.yaml`);
  const parsed = reportDefinitionSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KtError('internal', `Report definition ${file} is invalid at ${issue.path.join('.') || '(top)'}: ${issue.message}.`, { file });
  }
  cache.set(name, parsed.data);
  return parsed.data;
}
