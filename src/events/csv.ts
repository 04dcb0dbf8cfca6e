import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../render/spreadsheet-safe.js';
import { eventRowFields, type EventRow } from './rows.js';

export const csvMediaType = 'text/csv';

/**
 * Events as CSV in the contract's shape (`kt ingest events` reads it back): a header row of the
 * contract's fields in order, timestamps in RFC 3339, nested fields (policy_results, attributes)
 * as JSON text, an empty cell for a null, RFC 4180 quoting; text a spreadsheet would run as a
 * formula starts with ' (requests are typed by the gateway's users).
 */
export function eventsToCsv(rows: readonly EventRow[]): string {
  const records = rows.map((row) => eventRowFields.map((field) => {
    const value = row[field];
    if (value === null || value === undefined) return null;
    if (field === 'policy_results' || field === 'attributes') return JSON.stringify(value);
    return typeof value === 'string' ? spreadsheetSafe(value) : value;
  }));
  return stringify(records, { header: true, columns: [...eventRowFields] });
}
