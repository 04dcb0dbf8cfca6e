/**
 * One error type for everything kt refuses to do. It carries a stable code, a
 * sentence for a person, details naming the offending input, and how to surface
 * it: an HTTP status for the API and an exit code for the CLI.
 */
export type ErrorCode =
  | 'bad_input'
  | 'bad_file'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'internal';

const httpStatusOf: Record<ErrorCode, number> = {
  bad_input: 400,
  bad_file: 400,
  not_found: 404,
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
  unauthorized: 5,
  forbidden: 5,
  conflict: 6,
  unavailable: 7,
  internal: 1,
};

export class KtError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'KtError';
    this.code = code;
    this.details = details;
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
