/**
 * One error type for everything kt refuses to do. It carries a stable code, a
 * sentence for a person, details naming the offending input, and how to surface
 * it: an HTTP status for the API and an exit code for the CLI.
 */
export type ErrorCode =
  | 'bad_input'
  | 'bad_file'
  | 'not_found'
  | 'method_not_allowed'
  | 'too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'internal';

const httpStatusOf: Record<ErrorCode, number> = {
  bad_input: 400,
  bad_file: 400,
  not_found: 404,
  method_not_allowed: 405,
  too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

const exitCodeOf: Record<ErrorCode, number> = {
  bad_input: 2,
  bad_file: 3,
  not_found: 4,
  method_not_allowed: 2,
  too_large: 2,
  unauthorized: 5,
  forbidden: 5,
  conflict: 6,
  unavailable: 7,
  internal: 1,
};

/**
 * Messages and details quote the offending input; a megabyte of it echoed back
 * (to an HTTP client, a terminal or a log) names nothing better than its start
 * and end. Longer quoted runs are shortened, keeping both ends and the length.
 */
const longestRun = 200;
const longestMessage = 4000;
const longestDetail = 1000;

function shortened(text: string): string {
  return `${text.slice(0, 120)}…${text.slice(-40)} (${text.length} characters)`;
}

export function clipMessage(message: string): string {
  const clipped = message.replace(new RegExp(`\\S{${longestRun + 1},}`, 'gu'), shortened);
  return clipped.length > longestMessage ? `${clipped.slice(0, longestMessage)}…` : clipped;
}

function clipDetail(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > longestDetail ? shortened(value) : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clipDetail(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipDetail(v, depth + 1)]));
}

export class KtError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(clipMessage(message));
    this.name = 'KtError';
    this.code = code;
    this.details = clipDetail(details) as Record<string, unknown>;
  }

  get httpStatus(): number {
    return httpStatusOf[this.code];
  }

  get exitCode(): number {
    return exitCodeOf[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/**
 * A refusal that carries its option and its problem apart (`details.option`, `details.problem`,
 * e.g. `since` and `"x" is neither …`), said with `wordsFor(option)` in the option's place: the
 * web form's label, or the query key over HTTP, where the shared message names the CLI flag.
 * A problem that ends by naming another option carries it apart too (`details.versus`: `from`,
 * `must be before` and `to`), said with its own words after the problem (`wordsFor(versus,
 * 'versus')`: mid-sentence), and then `details.after_versus` when the sentence goes on past it
 * (`since`, `"x" must be before`, `until`, `"y"`).
 * Undefined when the refusal carries no such pair or there are no words for its options.
 */
export function refusalInWords(error: KtError, wordsFor: OptionWords): string | undefined {
  return phraseInWords(error.details, wordsFor);
}

/** How a surface names an option: first in the sentence (`subject`) or mid-sentence (`versus`). */
export type OptionWords = (option: string, place: 'subject' | 'versus') => string | undefined;

/**
 * refusalInWords of one part of a refusal: its details, or one of its `details.issues` when a
 * schema refused several fields at once and each carries its own option and problem.
 */
export function phraseInWords(parts: Record<string, unknown>, wordsFor: OptionWords): string | undefined {
  const { option, problem, versus, after_versus: afterVersus } = parts;
  if (typeof option !== 'string' || typeof problem !== 'string') return undefined;
  const words = wordsFor(option, 'subject');
  if (!words) return undefined;
  if (typeof versus !== 'string') return `${words} ${problem}.`;
  const other = wordsFor(versus, 'versus');
  if (!other) return undefined;
  return `${words} ${problem} ${other}${typeof afterVersus === 'string' ? ` ${afterVersus}` : ''}.`;
}

export function badInput(message: string, details: Record<string, unknown> = {}): KtError {
  return new KtError('bad_input', message, details);
}

export function notFound(message: string, details: Record<string, unknown> = {}): KtError {
  return new KtError('not_found', message, details);
}

export function conflict(message: string, details: Record<string, unknown> = {}): KtError {
  return new KtError('conflict', message, details);
}

export function forbidden(message: string, details: Record<string, unknown> = {}): KtError {
  return new KtError('forbidden', message, details);
}
