import { z } from 'zod';

/**
 * Numbers as flags, query strings and form fields give them: text. One schema per
 * kind, shared by the CLI and the HTTP API, so both accept the same values and say
 * the same thing about the rest. zod's coerce is not used: it reads "" as 0, "1e3"
 * as 1000 and "0x10" as 16, none of which a person typing a limit meant.
 */
export interface NumberRange {
  min: number;
  /** No upper bound when absent. */
  max?: number;
  /** The minimum itself is not accepted (a scale must be more than 0). */
  aboveMin?: boolean;
  /** What is counted, for the sentence: "a number of seconds from 0.1 to 3600". */
  unit?: string;
}

/** Set on every issue these schemas raise: what is accepted, in words ("a whole number from 1 to 500"). */
export interface NumberIssueParams {
  expected: string;
}

const wholeText = /^-?\d+$/;
const decimalText = /^-?(\d+(\.\d*)?|\.\d+)$/;

function describe(kind: 'whole number' | 'number', range: NumberRange): string {
  const what = range.unit ? `${kind === 'number' ? 'a number' : 'a whole number'} of ${range.unit}` : `a ${kind}`;
  if (range.aboveMin) return range.max === undefined ? `${what} greater than ${range.min}` : `${what} greater than ${range.min} and at most ${range.max}`;
  return range.max === undefined ? `${what} of ${range.min} or more` : `${what} from ${range.min} to ${range.max}`;
}

function numberSchema(kind: 'whole number' | 'number', pattern: RegExp, range: NumberRange) {
  const expected = describe(kind, range);
  const params: NumberIssueParams = { expected };
  const message = `must be ${expected}`;
  // Any input reaches the check, so every refusal (a boolean, NaN, an array) carries `expected`.
  return z.unknown().transform((value, ctx) => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && pattern.test(value) ? Number(value) : Number.NaN;
    const fits = Number.isFinite(n) && (kind === 'number' || Number.isSafeInteger(n));
    const inRange = fits && (range.aboveMin ? n > range.min : n >= range.min) && (range.max === undefined || n <= range.max);
    if (!inRange) {
      // An open-ended range still ends where numbers stop being exact: say so, not "of 1 or more" to 10^23.
      const tooLarge = range.max === undefined && n > range.min && !fits;
      const bounded = tooLarge ? describe(kind, { ...range, max: kind === 'whole number' ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE }) : expected;
      ctx.addIssue({ code: 'custom', message: tooLarge ? `must be ${bounded}` : message, params: tooLarge ? { expected: bounded } : params, input: value });
      return z.NEVER;
    }
    return n;
  });
}

/** A whole number within a range: digits only ("12"; "-3" is read, then refused by the range). */
export function wholeNumber(range: NumberRange) {
  return numberSchema('whole number', wholeText, range);
}

/** A decimal number within a range: "0.05", ".5", "25". */
export function decimalNumber(range: NumberRange) {
  return numberSchema('number', decimalText, range);
}

/** What a refused number issue says is accepted, when the issue came from one of these schemas. */
export function expectedNumber(issue: z.core.$ZodIssue): string | undefined {
  const params = (issue as { params?: Partial<NumberIssueParams> }).params;
  return typeof params?.expected === 'string' ? params.expected : undefined;
}
