import { z } from 'zod';

/** A day (`2026-07-01`, midnight UTC) or an RFC 3339 instant with a zone. */
const instant = () =>
  z.string().trim().transform((text, ctx) => {
    if (text === '') {
      // An empty form field is a missing one, not a badly written day.
      ctx.addIssue({ code: 'custom', message: 'is required: a day like 2026-07-01 or an RFC 3339 time like 2026-07-01T00:00:00Z' });
      return z.NEVER;
    }
    const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text);
    const date = new Date(day ? `${text}T00:00:00Z` : text);
    if ((!day && !full) || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} must be a day like 2026-07-01 or an RFC 3339 time like 2026-07-01T00:00:00Z` });
      return z.NEVER;
    }
    return date.toISOString();
  });

// Team names and escalation ids are short labels: a megabyte of one is a mistake, not a filter.
const list = (what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.string().max(200, `must be ${what} of at most 200 characters each`)));

/**
 * What an evidence pack covers: escalations resolved in [from, to), optionally only
 * some teams or some escalation ids, and why it was made (printed on the first page).
 * Each issue's message is the problem without the option it is about (the issue's path):
 * the CLI, the API and the web form each name the option their own way. An issue whose
 * problem ends by naming another option names it in `params.versus`.
 */
export const evidenceRequestSchema = z
  .object({
    from: instant(),
    to: instant(),
    team: list('team names'),
    escalation: list('escalation ids'),
    reason: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  })
  .refine((r) => r.from < r.to, { message: 'must be before', path: ['from'], params: { versus: 'to' } });

export type EvidenceRequestInput = z.input<typeof evidenceRequestSchema>;
export type EvidenceRequest = z.output<typeof evidenceRequestSchema>;
