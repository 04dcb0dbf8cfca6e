/**
 * JSON may carry text that is not Unicode: a lone surrogate escape such as
 * "\ud800" parses in JavaScript, but it cannot be stored as UTF-8 (DuckDB refuses
 * the whole load). Rows with such text are rejected like any other invalid row.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A lone surrogate can only arrive as a \uD800-\uDFFF escape in the row's text
 * (decoded bytes are always well-formed), so one scan of the raw line decides
 * whether the walk below is needed at all: ingest speed stays what it was.
 */
export function mayHoldSurrogates(raw: string): boolean {
  return /\\u[dD][89a-fA-F]/.test(raw);
}

/** The path of the first key or text value that is not well-formed Unicode, or undefined. */
export function malformedTextPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return loneSurrogate.test(value) ? path || '(value)' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (loneSurrogate.test(key)) return here;
    const found = malformedTextPath(child, here);
    if (found) return found;
  }
  return undefined;
}
