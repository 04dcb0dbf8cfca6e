import { showBidiControls } from '../render/bidi.js';
import type { EventRow } from './rows.js';

/** The columns of `kt events tail`: what a person scans for, the full text stays in --json. */
const columns = ['time (UTC)', 'verdict', 'policy', 'reason_code', 'team', 'provider/model', 'config', 'id', 'request'] as const;

const requestExcerptLength = 48;

/** Room for typical values: a timestamp (the header "time (UTC)" is shorter), `escalate`, `human-oversight`, `prompt_injection_detected`, … */
const roomyWidths = [19, 8, 16, 25, 10, 22, 18, 24, 0];

function cells(row: EventRow): string[] {
  const model = [row.provider, row.model].filter(Boolean).join('/');
  const config = row.config_version ? (row.config_id ? `${row.config_id}@${row.config_version}` : row.config_version) : (row.config_id ?? '');
  const request = showBidiControls(row.request ?? '').replace(/\s+/g, ' ').trim();
  return [
    // 2026-09-14T10:00:00.000Z → 2026-09-14 10:00:00 (always UTC)
    row.timestamp.replace('T', ' ').replace(/(\.\d+)?Z$/, ''),
    row.verdict,
    row.policy ?? '',
    row.reason_code ?? '',
    row.team ?? '',
    model,
    config,
    row.id,
    request.length > requestExcerptLength ? request.slice(0, requestExcerptLength - 1) + '…' : request,
  ];
}

/**
 * Prints events as an aligned table. Column widths only grow, so the rows a
 * follower prints later stay aligned with the header printed first.
 */
export class EventTable {
  private readonly widths: number[];
  private headerPrinted = false;

  /**
   * `roomy` starts from widths that fit typical values, for a follower whose header
   * is printed before most rows are known (widths grow, but printed lines stay).
   */
  constructor(options: { roomy?: boolean } = {}) {
    this.widths = columns.map((c, i) => Math.max(c.length, options.roomy ? roomyWidths[i]! : 0));
  }

  /** The lines for these rows (with the header the first time), each ending in a newline. */
  lines(rows: readonly EventRow[]): string {
    const body = rows.map(cells);
    for (const line of body) line.forEach((cell, i) => (this.widths[i] = Math.max(this.widths[i]!, cell.length)));
    const out: string[] = [];
    if (!this.headerPrinted) {
      out.push(this.format([...columns]), this.format(this.widths.map((w) => '-'.repeat(w))));
      this.headerPrinted = true;
    }
    for (const line of body) out.push(this.format(line));
    return out.map((l) => l + '\n').join('');
  }

  private format(values: readonly string[]): string {
    return values.map((v, i) => v.padEnd(this.widths[i]!)).join('  ').trimEnd();
  }
}
