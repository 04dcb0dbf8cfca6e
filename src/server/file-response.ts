import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

/** A file name safe inside a Content-Disposition header (pack file names come from a manifest on disk). */
function attachmentName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'download';
}

/**
 * Streams a file or a generated stream as a download: never shown inline (an evidence.html
 * opened from the API would run outside the web UI's pages), never cached by the browser.
 */
export function downloadResponse(c: Context, source: { stream: Readable | string; name: string; contentType: string; bytes?: number }): Response {
  const headers: Record<string, string> = {
    'Content-Type': source.contentType,
    'Content-Disposition': `attachment; filename="${attachmentName(source.name)}"`,
    'Cache-Control': 'private, no-store',
  };
  if (source.bytes !== undefined) headers['Content-Length'] = String(source.bytes);
  return c.body(typeof source.stream === 'string' ? source.stream : (Readable.toWeb(source.stream) as ReadableStream), 200, headers);
}

export function fileDownload(c: Context, file: { path: string; name: string; contentType: string; bytes: number }): Response {
  return downloadResponse(c, { stream: createReadStream(file.path), name: file.name, contentType: file.contentType, bytes: file.bytes });
}
