import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Rejection } from './types.js';

/**
 * Writes rejected rows as NDJSON, one `{"file","line","field","reason","raw"}`
 * per line, `raw` being the original line or row verbatim, so they can be fixed
 * and ingested again.
 */
export async function writeRejects(path: string, rejections: Iterable<Rejection>): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let count = 0;
  try {
    for (const r of rejections) {
      const line = JSON.stringify({ file: r.file, line: r.line, field: r.field ?? null, reason: r.reason, raw: r.raw }) + '\n';
      count += 1;
      if (!out.write(line)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return count;
}
