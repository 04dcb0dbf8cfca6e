import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { KtError } from '../errors.js';

export const tabularFormats = ['ndjson', 'csv', 'parquet'] as const;
export type TabularFormat = (typeof tabularFormats)[number];

/** How a file is encoded: its format from the name, gzip from the name or the magic bytes. */
export interface InputKind {
  format: TabularFormat;
  gzip: boolean;
}

const gzipMagic = [0x1f, 0x8b];

/** The format from the extension under an optional `.gz`; gzip also when the bytes say so. */
export async function inputKind(path: string): Promise<InputKind> {
  const name = basename(path).toLowerCase();
  const gzipByName = name.endsWith('.gz');
  const inner = gzipByName ? name.slice(0, -3) : name;
  const format = formatOf(inner);
  if (!format) {
    throw new KtError('bad_file', `${path}: cannot tell the format from the name; use .ndjson, .jsonl, .csv or .parquet (optionally .gz).`, { file: path });
  }
  return { format, gzip: gzipByName || (await startsWithGzipMagic(path)) };
}

function formatOf(name: string): TabularFormat | undefined {
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.parquet')) return 'parquet';
  return undefined;
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await openOrFail(path);
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === gzipMagic[0] && buffer[1] === gzipMagic[1];
  } finally {
    await handle.close();
  }
}

async function openOrFail(path: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw new KtError('bad_file', `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { file: path });
  }
}

/** A file opened for streaming: the decoded bytes, and a running sha256 and byte count of what was read. */
export interface OpenedInput {
  stream: Readable;
  /** The sha256 of every byte read so far (hex); final once the stream has ended. */
  sha256(): string;
}

/**
 * Streams the file's bytes, gunzipping when needed, hashing the bytes as stored
 * and reporting progress in stored bytes (so the bar is right for .gz too).
 */
export async function openInput(path: string, gzip: boolean, onProgress?: (done: number, total: number) => void): Promise<OpenedInput> {
  await openOrFail(path).then((h) => h.close());
  const total = (await stat(path)).size;
  const hash: Hash = createHash('sha256');
  let digest: string | undefined;
  let done = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      done += chunk.length;
      onProgress?.(done, total);
      callback(null, chunk);
    },
  });
  const raw = createReadStream(path, { highWaterMark: 1 << 20 }); // big reads: fewer chunks to hash and scan
  raw.on('error', (error) => tap.destroy(error));
  let stream: Readable = raw.pipe(tap);
  if (gzip) {
    const gunzip = createGunzip();
    tap.on('error', (error) => gunzip.destroy(error));
    gunzip.on('error', () => undefined);
    stream = tap.pipe(gunzip);
    stream.on('error', () => undefined);
  }
  return {
    stream,
    sha256: () => (digest ??= hash.digest('hex')),
  };
}

/** sha256 of a whole file, streamed (Parquet is read by DuckDB, so it is hashed separately). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
