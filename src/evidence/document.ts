import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { runQuestion } from '../analytics/run.js';
import { changeText } from '../domain/audit.js';
import { getRenderer } from '../render/handlebars.js';
import type { Executor } from '../store/database.js';
import { excerptChars, excerptOf } from './excerpt.js';
import type { Manifest } from './manifest.js';

/** Items rendered per piece: enough to be quick, few enough that memory stays flat. */
const pageSize = 500;

export const evidenceLimitations = [
  'Only resolved escalations are included; items still queued or claimed at export time are not evidence of a decision.',
  'Reviewer ids in imported escalations are kept as the upstream system gave them and may not be kt users.',
  'The audit timeline shows what kt recorded; actions taken in an upstream system before import appear only as the import.',
  'Config versions are those named by the linked events; a version no configuration file was ingested for is marked "not ingested".',
  'The document lists the data as read in one consistent snapshot; later changes to the store are not reflected.',
  `The request and response of each event are shown as excerpts, cut after their first ${excerptChars} characters (the full length is noted, line breaks are shown as ↵); the full text is in events.csv and events.parquet.`,
];

interface ItemRow {
  row_number: number;
  id: string;
  request_head: string | null;
  request_length: number | bigint | null;
  response_head: string | null;
  response_length: number | bigint | null;
  [column: string]: unknown;
}

interface AuditRow {
  row_number: number;
  seq: number;
  recorded_at: string;
  actor: string;
  action: string;
  before: string | null;
  after: string | null;
}

export interface DocumentHeader extends Omit<Manifest, 'files' | 'format' | 'generator'> {
  pack_id: string;
  generator: string;
}

/** Also write the document as parts to print one by one: `size` escalations each, in `dir`. */
export interface PrintParts {
  dir: string;
  size: number;
}

/**
 * Writes the pack's HTML document (printed to evidence.pdf) in pieces: the front
 * matter, then the items a page at a time with their audit timelines, then the
 * closing sections. Only one page of rows is in memory at any time. With `parts`,
 * the same pieces also go to part files of `parts.size` escalations each (the first
 * with the front matter, the last with the closing sections), since Chromium prints
 * a long document much faster in parts (see joinPdfParts); returns their paths, in
 * order (one part, the whole document, when it holds no more than one part's worth).
 */
export async function writeEvidenceDocument(tx: Executor, path: string, header: DocumentHeader, parts?: PrintParts): Promise<string[]> {
  const renderer = getRenderer();
  const whole = openOut(path);
  const partPaths: string[] = [];
  let part: Out | undefined;
  let inPart = 0;
  let written = 0;
  const nextPart = async (first: boolean) => {
    if (!parts) return;
    if (part) await closeOut(part, renderer.render('reports/evidence/part-tail', {}));
    part = openOut(join(parts.dir, `part-${String(partPaths.length + 1).padStart(4, '0')}.html`));
    partPaths.push(part.path);
    inPart = 0;
    if (!first) await write(part, renderer.render('reports/evidence/part-head', { title: 'Evidence pack', pack_id: header.pack_id }));
  };
  /** Writes text to the whole document and to the current part. */
  const emit = async (text: string) => {
    await write(whole, text);
    if (part) await write(part, text);
  };
  try {
    const outcomes = await runQuestion(tx, 'evidence_outcome_counts', {});
    const configs = await runQuestion(tx, 'evidence_config_list', {});
    await nextPart(true);
    await emit(renderer.render('reports/evidence/head', { ...header, title: 'Evidence pack', outcomes, configs }));
    for (let after = 0; ; ) {
      const limit = parts ? Math.min(pageSize, parts.size - inPart) : pageSize;
      const items = await runQuestion<ItemRow>(tx, 'evidence_page_items', { after, limit, excerpt_chars: excerptChars });
      if (items.length === 0) break;
      const first = items[0]!.row_number;
      const last = items[items.length - 1]!.row_number;
      const audit = await runQuestion<AuditRow>(tx, 'evidence_page_audit', { first, last });
      const byItem = new Map<number, Array<AuditRow & { change: string }>>();
      for (const entry of audit) {
        const list = byItem.get(entry.row_number) ?? [];
        list.push({ ...entry, change: rowChange(entry.before, entry.after) });
        byItem.set(entry.row_number, list);
      }
      await emit(renderer.render('reports/evidence/items', { excerpt_chars: excerptChars, items: items.map((item) => ({
        ...item,
        request: excerptOf(item.request_head, item.request_length),
        response: excerptOf(item.response_head, item.response_length),
        audit: byItem.get(item.row_number) ?? [],
      })) }));
      after = last;
      inPart += items.length;
      written += items.length;
      if (items.length < limit) break;
      // A full part starts the next one only when more items follow (the snapshot's count says so).
      if (parts && inPart >= parts.size && written < header.counts.escalations) await nextPart(false);
    }
    await emit(renderer.render('reports/evidence/tail', { ...header, limitations: evidenceLimitations }));
  } finally {
    await Promise.all([closeOut(whole), part ? closeOut(part) : undefined]);
  }
  return partPaths;
}

interface Out {
  path: string;
  stream: WriteStream;
  finished: Promise<unknown>;
}

function openOut(path: string): Out {
  const stream = createWriteStream(path, { encoding: 'utf8', flags: 'wx' }); // a new file in the staging folder: never through a link
  return { path, stream, finished: once(stream, 'finish') };
}

async function closeOut(out: Out, last?: string): Promise<void> {
  if (last !== undefined) await write(out, last);
  out.stream.end();
  await out.finished;
}

async function write(out: Out, text: string): Promise<void> {
  if (!out.stream.write(text)) await once(out.stream, 'drain');
}

/** The change an audit row records, from its before/after JSON text (unreadable JSON shows as no change). */
function rowChange(beforeJson: string | null, afterJson: string | null): string {
  return changeText(parseJson(beforeJson), parseJson(afterJson));
}

function parseJson(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
