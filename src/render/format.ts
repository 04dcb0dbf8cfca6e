import { showBidiControls } from './bidi.js';

/**
 * Formatting of numbers, rates and times for people. Used by the Handlebars
 * helpers and by chart labels, so a number reads the same everywhere.
 * Everything is in UTC: a report must not depend on the machine that printed it.
 */

export const missing = '—';

export type DateStyle = 'date' | 'datetime' | 'dateOrTime' | 'iso' | 'month';

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  return null;
}

/**
 * `2026-09-14` (date), `2026-09-14 10:00 UTC` (datetime, the default), the ISO string (iso) or `Sep 2026` (month).
 * dateOrTime is the date alone at midnight UTC and datetime otherwise: for the ends of a span,
 * which are whole days unless a deploy or a window in hours puts them mid-day.
 */
export function formatDate(value: unknown, style: DateStyle = 'datetime'): string {
  const date = toDate(value);
  if (date === null) return missing;
  const iso = date.toISOString();
  switch (style) {
    case 'date':
      return iso.slice(0, 10);
    case 'dateOrTime':
      return iso.slice(11) === '00:00:00.000Z' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
    case 'iso':
      return iso;
    case 'month':
      return date.toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    case 'datetime':
    default:
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** A count or measure with thousands separators: `12,345`, or `3.25` with digits=2. */
export function formatNumber(value: unknown, digits?: number): string {
  const n = toNumber(value);
  if (n === null) return missing;
  const fractionDigits = digits ?? (Number.isInteger(n) ? 0 : 1);
  return n.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

/** A proportion 0..1 as a percentage: `12.5%`. */
export function formatPercent(value: unknown, digits = 1): string {
  const n = toNumber(value);
  if (n === null) return missing;
  return `${(n * 100).toFixed(digits)}%`;
}

/** A p-value as people write it: `< 0.001`, `0.032`. */
export function formatPValue(value: unknown): string {
  const n = toNumber(value);
  if (n === null) return missing;
  return n < 0.001 ? '< 0.001' : n.toFixed(3);
}

/** A p-value in a sentence: `p = 0.012`, or `p < 0.001` (never `p = < 0.001`). */
export function pStatement(value: unknown): string {
  const text = formatPValue(value);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

type MinuteUnit = 'min' | 'h' | 'd';

/** The unit a duration of n minutes reads best in: under 2 h in minutes, under 2 d in hours, else days. */
function minuteUnit(n: number): MinuteUnit {
  if (Math.abs(n) < 120) return 'min';
  if (Math.abs(n) < 48 * 60) return 'h';
  return 'd';
}

function inUnit(n: number, unit: MinuteUnit): string {
  if (unit === 'min') return `${n.toFixed(Math.abs(n) < 10 && !Number.isInteger(n) ? 1 : 0)} min`;
  return unit === 'h' ? `${(n / 60).toFixed(1)} h` : `${(n / 1440).toFixed(1)} d`;
}

/** Minutes as `45 min`, `3.2 h` or `2.1 d`: durations in a backlog span all three. */
export function formatMinutes(value: unknown): string {
  const n = toNumber(value);
  return n === null ? missing : inUnit(n, minuteUnit(n));
}

/**
 * The change between durations, in the unit the larger of them is shown in
 * (3.0 h → 5.0 h changes by `+2.0 h`, not `+120 min`), signed as formatSigned signs.
 */
export function formatSignedMinutes(value: unknown, durations: readonly unknown[]): string {
  const n = toNumber(value);
  if (n === null) return missing;
  const largest = Math.max(Math.abs(n), ...durations.map((d) => Math.abs(toNumber(d) ?? 0)));
  const text = inUnit(Math.abs(n), minuteUnit(largest));
  return signOf(n, text) + text;
}

/**
 * The sign a change is printed with, given its value and the digits shown for its
 * size: none when those digits are all zero, so that a change that rounds to zero
 * reads `0.0`, never `−0.0` or `+0.0` (which claim a direction the number hides).
 * `minus` is `−` in documents, `-` on a terminal.
 */
export function signOf(value: number, shown: string, minus = '−'): string {
  if (!/[1-9]/.test(shown)) return '';
  return value > 0 ? '+' : value < 0 ? minus : '';
}

/**
 * A signed change: `+3`, `−1.5%`, or `−40.5 points` for the difference of two
 * rates (57.1% → 16.7% is 40.5 percentage points down, not 40.5% down).
 */
export function formatSigned(value: unknown, kind: 'number' | 'percent' | 'points' = 'number', digits?: number): string {
  const n = toNumber(value);
  if (n === null) return missing;
  const text =
    kind === 'percent' ? formatPercent(Math.abs(n), digits ?? 1)
    : kind === 'points' ? `${(Math.abs(n) * 100).toFixed(digits ?? 1)} points`
    : formatNumber(Math.abs(n), digits);
  return signOf(n, text) + text;
}

/**
 * JSON for embedding in HTML (e.g. `<script type="application/json">`): the
 * characters that could end the script element or open a comment are escaped.
 */
export function jsonForHtml(value: unknown, indent?: number): string {
  return (JSON.stringify(value ?? null, null, indent) ?? 'null')
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * An identifier (policy, reason code, config id, model) as HTML that may wrap only
 * after `_`, `-` or `/`, so a narrow cell prints `violence_` / `terms`, never
 * `violence_term` / `s`; the span (class `id`) keeps it whole on one line when it
 * fits there. Missing values print as —.
 */
export function identifierHtml(value: unknown): string {
  if (value === null || value === undefined || value === '') return missing;
  const html = String(value)
    .replace(/[&<>"']/g, (c) => htmlEscapes[c]!)
    .replace(/([_\-/])(?=.)/g, '$1<wbr>');
  return `<span class="id">${html}</span>`;
}

/**
 * Code (a rule's YAML) as one block per line for a `<pre class="lines">`: a line too
 * long for its column wraps with a hanging indent under its own indentation, instead
 * of continuing at the left edge where it reads as a new, less indented line.
 */
export function codeLinesHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return text
    .split('\n')
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      return `<span class="line" style="--indent:${indent + 2}ch">${line === '' ? ' ' : showBidiControls(line).replace(/[&<>"']/g, (c) => htmlEscapes[c]!)}</span>`;
    })
    .join('');
}
