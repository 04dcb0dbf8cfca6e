import { extname } from 'node:path';
import { badInput } from '../errors.js';

export type ReportFormat = 'html' | 'pdf';

/**
 * html or pdf, from an explicit format or the output file's extension. A format given and not
 * known is refused by the name it was given under (`--format`, or the query key `format`), not
 * blamed on the file name, which may well say `.pdf`.
 */
export function reportFormatOf(out: string, format?: string, formatName = '--format'): ReportFormat {
  const wanted = (format ?? extname(out).slice(1)).toLowerCase();
  if (wanted === 'html' || wanted === 'htm') return 'html';
  if (wanted === 'pdf') return 'pdf';
  if (format !== undefined) throw badInput(`Invalid ${formatName} "${format}": must be one of html, pdf.`, { field: formatName.replace(/^--/, ''), value: format });
  throw badInput(`Cannot tell the report format of ${out}: it must be html or pdf (name the file .html or .pdf, or give --format).`, { out });
}
