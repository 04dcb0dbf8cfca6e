import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { runQuestion } from '../analytics/run.js';
import { changeText } from '../domain/audit.js';
import { getRenderer } from '../render/handlebars.js';
import type { Executor } from '../store/database.js';
import type { Manifest } from './manifest.js';

/** Items rendered per piece: enough to be quick, few enough that memory stays flat. */
const pageSize = 500;

export const evidenceLimitations = [
  'Only resolved escalations are included; items still queued or claimed at export time are not evidence of a decision.',
  'Reviewer ids in imported escalations are kept as the upstream system gave them and may not be kt users.',
  'The audit timeline shows what kt recorded; actions taken in an upstream system before import appear only as the import.',
  'Config versions are those named by the linked events; a version no configuration file was ingested for is marked "not ingested".',
  'The document lists the data as read in one consistent snapshot; later changes to the store are not reflected.',
];

interface ItemRow {
  row_number: number;
  id: string;
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

/**
 * Writes the pack's HTML document (printed to evidence.pdf) in pieces: the front
 * matter, then the items a page at a time with their audit timelines, then the
 * closing sections. Only one page of rows is in memory at any time.
 */
export async function writeEvidenceDocument(tx: Executor, path: string, header: DocumentHeader): Promise<void> {
  const renderer = getRenderer();
  const out = createWriteStream(path, { encoding: 'utf8' });
  const finished = once(out, 'finish');
  try {
    const outcomes = await runQuestion(tx, 'evidence_outcome_counts', {});
    const configs = await runQuestion(tx, 'evidence_config_list', {});
    await write(out, renderer.render('reports/evidence/head', { ...header, title: 'Evidence pack', outcomes, configs }));
    for (let after = 0; ; ) {
      const items = await runQuestion<ItemRow>(tx, 'evidence_page_items', { after, limit: pageSize });
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
      await write(out, renderer.render('reports/evidence/items', { items: items.map((item) => ({ ...item, audit: byItem.get(item.row_number) ?? [] })) }));
      after = last;
      if (items.length < pageSize) break;
    }
    await write(out, renderer.render('reports/evidence/tail', { ...header, limitations: evidenceLimitations }));
  } finally {
    out.end();
  }
  await finished;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
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
