import Handlebars from 'handlebars';
import { showBidiControls } from './bidi.js';
import {
  formatDate,
  formatMinutes,
  formatNumber,
  formatPercent,
  formatPValue,
  formatSigned,
  formatSignedMinutes,
  identifierHtml,
  codeLinesHtml,
  jsonForHtml,
  type DateStyle,
} from './format.js';

type HandlebarsEnvironment = typeof Handlebars;
type HelperOptions = Handlebars.HelperOptions;

/** Handlebars passes its options object as the last argument; strip it off. */
function argsOf(args: unknown[]): unknown[] {
  return args.slice(0, -1);
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const dateStyles = new Set<DateStyle>(['date', 'datetime', 'dateOrTime', 'iso', 'month']);

/**
 * The helpers every kt template may use:
 * - `{{formatDate ts "date"}}` — UTC; styles date | datetime (default) | dateOrTime (no 00:00) | iso | month
 * - `{{number n}}`, `{{number n 2}}` — thousands separators, fixed digits
 * - `{{percent p}}`, `{{percent p 2}}` — a 0..1 proportion as a percentage
 * - `{{pvalue p}}`, `{{minutes m}}`, `{{signed n "percent"}}`, `{{signed rateChange "points"}}` (percentage points)
 * - `{{signedMinutes change before after}}` — a change of durations, in the unit the larger of them is shown in
 * - `{{ident id}}` — an identifier that wraps only after `_`, `-` or `/` (HTML with `<wbr>`)
 * - `{{codeLines text}}` — code lines for `<pre class="lines">`, wrapping under their own indentation
 * - `{{userText note}}` — a person's text (note, request, reason): escaped, bidi controls shown as ⟨U+202E⟩, isolated in `<bdi>` so it cannot reorder what is around it
 * - `{{json value}}` — JSON safe inside `<script type="application/json">`
 * - `{{eq a b}}`, `{{ne a b}}`, `{{and a b}}`, `{{or a b}}`, `{{not a}}`, `{{gt a b}}`, `{{lt a b}}` — for `{{#if}}`
 * - `{{default value "fallback"}}`, `{{join list ", "}}`, `{{length list}}`
 * - `{{{raw html}}}` is plain triple-stash; `{{safe html}}` marks trusted HTML (chart SVGs) as safe.
 */
export function registerHelpers(hbs: HandlebarsEnvironment): void {
  hbs.registerHelper('formatDate', (...all: unknown[]) => {
    const [value, style] = argsOf(all);
    return formatDate(value, typeof style === 'string' && dateStyles.has(style as DateStyle) ? (style as DateStyle) : undefined);
  });
  hbs.registerHelper('number', (...all: unknown[]) => {
    const [value, digits] = argsOf(all);
    return formatNumber(value, optionalNumber(digits));
  });
  hbs.registerHelper('percent', (...all: unknown[]) => {
    const [value, digits] = argsOf(all);
    return formatPercent(value, optionalNumber(digits));
  });
  hbs.registerHelper('pvalue', (...all: unknown[]) => formatPValue(argsOf(all)[0]));
  hbs.registerHelper('minutes', (...all: unknown[]) => formatMinutes(argsOf(all)[0]));
  hbs.registerHelper('signed', (...all: unknown[]) => {
    const [value, kind, digits] = argsOf(all);
    return formatSigned(value, kind === 'percent' || kind === 'points' ? kind : 'number', optionalNumber(digits));
  });
  hbs.registerHelper('signedMinutes', (...all: unknown[]) => {
    const [value, ...durations] = argsOf(all);
    return formatSignedMinutes(value, durations);
  });
  hbs.registerHelper('json', (...all: unknown[]) => {
    const [value, indent] = argsOf(all);
    return new hbs.SafeString(jsonForHtml(value, optionalNumber(indent)));
  });
  hbs.registerHelper('ident', (...all: unknown[]) => new hbs.SafeString(identifierHtml(argsOf(all)[0])));
  hbs.registerHelper('codeLines', (...all: unknown[]) => new hbs.SafeString(codeLinesHtml(argsOf(all)[0])));
  hbs.registerHelper('userText', (...all: unknown[]) => {
    const value = argsOf(all)[0];
    if (value === null || value === undefined || value === '') return '';
    return new hbs.SafeString(`<bdi>${hbs.escapeExpression(showBidiControls(String(value)))}</bdi>`);
  });
  hbs.registerHelper('safe', (...all: unknown[]) => new hbs.SafeString(String(argsOf(all)[0] ?? '')));

  hbs.registerHelper('eq', (...all: unknown[]) => {
    const [a, b] = argsOf(all);
    return a === b;
  });
  hbs.registerHelper('ne', (...all: unknown[]) => {
    const [a, b] = argsOf(all);
    return a !== b;
  });
  hbs.registerHelper('gt', (...all: unknown[]) => {
    const [a, b] = argsOf(all);
    return Number(a) > Number(b);
  });
  hbs.registerHelper('lt', (...all: unknown[]) => {
    const [a, b] = argsOf(all);
    return Number(a) < Number(b);
  });
  hbs.registerHelper('and', (...all: unknown[]) => argsOf(all).every(Boolean));
  hbs.registerHelper('or', (...all: unknown[]) => argsOf(all).some(Boolean));
  hbs.registerHelper('not', (...all: unknown[]) => !argsOf(all)[0]);
  hbs.registerHelper('default', (...all: unknown[]) => {
    const [value, fallback] = argsOf(all);
    return value === null || value === undefined || value === '' ? fallback : value;
  });
  hbs.registerHelper('join', (...all: unknown[]) => {
    const [list, separator] = argsOf(all);
    return Array.isArray(list) ? list.map(String).join(typeof separator === 'string' ? separator : ', ') : '';
  });
  hbs.registerHelper('length', (...all: unknown[]) => {
    const [list] = argsOf(all);
    return Array.isArray(list) ? list.length : 0;
  });
  // `{{#each}}` gives @index from 0; tables number their rows from 1.
  hbs.registerHelper('inc', (...all: unknown[]) => Number(argsOf(all)[0]) + 1);
}

export type { HelperOptions };
