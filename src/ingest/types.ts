/** The three kinds of input `kt ingest` takes. */
export const ingestKinds = ['events', 'escalations', 'configs'] as const;
export type IngestKind = (typeof ingestKinds)[number];

/** One refused row: where it was, which field, why, and the row exactly as it was read. */
export interface Rejection {
  file: string;
  /** The line in the file (NDJSON, CSV: the line the record starts on; Parquet: the row number). */
  line: number;
  field?: string;
  /** One sentence naming the field, e.g. "verdict must be one of allow, block, redact, escalate". */
  reason: string;
  raw: string;
}

/**
 * What one file did to the store. accepted + rejected = total; inserted + updated +
 * unchanged count the distinct ids that were accepted (a later valid row with the same
 * id in one file supersedes an earlier one, and for escalations a later valid row for
 * the same event too: `duplicates` counts the superseded rows).
 */
export interface IngestReport {
  file: string;
  kind: IngestKind;
  total: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  /** Escalations only: of `duplicates`, the rows superseded by a later row for the same event (with another id). */
  supersededByEvent?: number;
  escalationsCreated: number;
  escalationsRouted: number;
  /** sha256 of the file's bytes as read (compressed bytes for .gz). */
  sha256: string;
  /**
   * Events only: who parsed the rows. `duckdb` when DuckDB's own reader could vouch for
   * every row of an NDJSON file, `zod` otherwise (other formats, bodies, and any file
   * with a row that is invalid or unusual, whose rejections name their lines).
   */
  reader?: 'duckdb' | 'zod';
  /**
   * Events only: how the rows reached `events`. `bulk` when DuckDB's reader put them straight into a
   * store that held no events, `merge` when they were compared with the stored rows first.
   */
  load?: 'bulk' | 'merge';
  rejections: Rejection[];
}

export interface IngestOptions {
  /** Who the audit names for the ingest and import entries; `cli:<os user>` from the CLI. */
  actor?: string;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** One record read from an input, before validation: decoded, or the reason it could not be. */
export type SourceRecord =
  | { line: number; raw: string; value: unknown }
  | { line: number; raw: string; unreadable: string; field?: string };

export function emptyReport(file: string, kind: IngestKind): IngestReport {
  return {
    file, kind, total: 0, accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0,
    escalationsCreated: 0, escalationsRouted: 0, sha256: '', rejections: [],
  };
}

/** The actor the audit names when the caller gives none. */
export const defaultActor = 'system';
