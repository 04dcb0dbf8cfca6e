/** What comparing stored rows with their audited state shares, for escalations and users alike. */

/** An entry's before/after as an object; anything else (null, a scalar) holds no fields. */
export function entryFields(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Mismatches found: all are counted, the first `limit` kept to be named. */
export class Mismatches<T> {
  count = 0;
  readonly first: T[] = [];

  constructor(private readonly limit: number) {}

  note(mismatch: T): void {
    this.count += 1;
    if (this.first.length < this.limit) this.first.push(mismatch);
  }
}
