import { extname } from 'node:path';
import { badInput } from '../errors.js';

export type ReportFormat = 'html' | 'pdf';

/** html or pdf, from an explicit format or the output file's extension. */
export function reportFormatOf(out: string, format?: string): ReportFormat {
  const wanted = (format ?? extname(out).slice(1)).toLowerCase();
  if (wanted === 'html' || wanted === 'htm') return 'html';
  if (wanted === 'pdf') return 'pdf';
  throw badInput(`Cannot tell the report format of ${out}: it must be html or pdf (name the file .html or .pdf).`, { out });
}
