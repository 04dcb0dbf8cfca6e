import { extname } from 'node:path';
import { badInput } from '../errors.js';

export type ReportFormat = 'html' | 'pdf' | 'csv';

/**
 * html, pdf or csv (the report's data as a table), from an explicit format or the output
 * file's extension. A format given and not known is refused by the name it was given under
 * (`--format`, or the query key `format`), not blamed on the file name, which may well say
 * `.pdf`. A format that contradicts the file name (`--format pdf --out report.html`) is
 * refused; one beside a name that says neither is taken.
 */
export function reportFormatOf(out: string, format?: string, formatName = '--format'): ReportFormat {
  const named = knownFormat(extname(out).slice(1));
  if (format === undefined) {
    if (named) return named;
    throw badInput(`Cannot tell the report format of ${out}: it must be html, pdf or csv (name the file .html, .pdf or .csv, or give --format).`, { out });
  }
  const wanted = knownFormat(format);
  const field = formatName.replace(/^--/, '');
  if (!wanted) throw badInput(`Invalid ${formatName} "${format}": must be one of html, pdf, csv.`, { field, value: format });
  // A PDF written to report.html opens as garbage: the two must agree when the name says one.
  if (named && named !== wanted) {
    throw badInput(`${formatName} ${format} does not agree with ${out}, a .${extname(out).slice(1)} file name: give one of them, or make them agree.`, { field, value: format, out });
  }
  return wanted;
}

function knownFormat(text: string): ReportFormat | undefined {
  const lower = text.toLowerCase();
  if (lower === 'html' || lower === 'htm') return 'html';
  return lower === 'pdf' || lower === 'csv' ? lower : undefined;
}
