import { z } from 'zod';
import { badInput } from '../errors.js';

/**
 * Points in time as a person types them: a duration back from now (`5m`, `1h`,
 * `24h`, `7d`, `2w`) or an RFC 3339 timestamp with a zone (`2026-09-14T10:00:00Z`;
 * a bare date `2026-09-14` means midnight UTC). `now` is always passed in, so
 * callers and tests decide what "now" is.
 */

export const durationUnits = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
type Unit = keyof typeof durationUnits;

const durationPattern = /^(\d{1,6})\s*([mhdw])$/i;
const timestampPattern = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** What every refusal says about the accepted forms. */
export const timeTextHint = 'is neither a duration like 5m, 1h, 24h, 7d, 2w nor a date like 2026-09-14 (midnight UTC) or an RFC 3339 timestamp like 2026-09-14T10:00:00Z';

/** A length such as `7d` in milliseconds, or undefined when the text is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * durationUnits[match[2]!.toLowerCase() as Unit];
  return ms > 0 ? ms : undefined;
}

/** The instant the text names, or undefined when it is not understood. */
export function parseTimeText(text: string, now: Date): Date | undefined {
  const trimmed = text.trim();
  const duration = parseDuration(trimmed);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  if (!timestampPattern.test(trimmed) && !datePattern.test(trimmed)) return undefined;
  if (!isCalendarDate(trimmed.slice(0, 10))) return undefined;
  const date = new Date(datePattern.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Date rolls 2026-02-31 over into March; a day that does not exist is refused instead. */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A zod schema turning time text into a Date against `now`. */
export function timeTextSchema(now: Date) {
  return z.string().transform((text, ctx) => {
    const date = parseTimeText(text, now);
    if (date === undefined) {
      ctx.addIssue({ code: 'custom', message: timeTextHint, input: text });
      return z.NEVER;
    }
    return date;
  });
}

/** A length of time such as `7d` in milliseconds (for windows, not instants). */
export function durationMs(text: string, flag: string): number {
  const ms = parseDuration(text);
  // option and problem apart, so the API says its query key (`window "x" …`), not the flag.
  const problem = `${JSON.stringify(text)} must be a positive duration like 5m, 1h, 7d or 2w`;
  if (ms === undefined) throw badInput(`--${flag} ${problem}.`, { [flag]: text, field: flag, option: flag, problem });
  return ms;
}

export interface TimeWindow {
  since: Date | null;
  until: Date | null;
}

/**
 * Resolves `--since`/`--until` against `now`: each is optional, and when both are
 * given the window must not be empty. `name` spells an option in messages
 * (`--since` on the command line, `since` in a query string).
 */
export function resolveTimeWindow(
  input: { since?: string | undefined; until?: string | undefined },
  now: Date,
  name: (field: 'since' | 'until') => string = (field) => `--${field}`,
): TimeWindow {
  const one = (field: 'since' | 'until'): Date | null => {
    const text = input[field];
    if (text === undefined) return null;
    const date = parseTimeText(text, now);
    // option and problem (and versus, below) let the API and a form say it in their own words (see refusalInWords).
    const problem = `${JSON.stringify(text)} ${timeTextHint}`;
    if (date === undefined) throw badInput(`${name(field)} ${problem}.`, { field, value: text, option: field, problem });
    return date;
  };
  const since = one('since');
  const until = one('until');
  if (since && until && since >= until) {
    // Both values sit inside the sentence: the problem runs up to the second option, the rest follows it.
    const problem = `${JSON.stringify(input.since)} must be before`;
    const afterVersus = JSON.stringify(input.until);
    throw badInput(`${name('since')} ${problem} ${name('until')} ${afterVersus}.`, {
      field: 'since',
      option: 'since',
      problem,
      versus: 'until',
      after_versus: afterVersus,
      since: input.since,
      until: input.until,
    });
  }
  return { since, until };
}
