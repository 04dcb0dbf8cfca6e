import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfOptions } from './pdf-options.js';
import { Printer } from './printer.js';

export { chromePath, type PdfOptions } from './pdf-options.js';
export { Printer } from './printer.js';

/**
 * Prints an HTML file (already on disk: large documents are written in pieces and
 * never held as one string) to `outPath`, A4 with backgrounds, atomically. With a
 * `printer` the document is printed on its browser (started earlier, or kept warm by
 * the server); without one a browser is started for this document and closed after.
 */
export async function htmlFileToPdf(htmlPath: string, outPath: string, options: PdfOptions, printer?: Printer): Promise<void> {
  if (printer) return printer.print(htmlPath, outPath, options);
  const own = new Printer({ maxPages: 1 });
  try {
    await own.print(htmlPath, outPath, options);
  } finally {
    await own.close();
  }
}

/** Prints an HTML string to `outPath` (see htmlFileToPdf). */
export async function htmlToPdf(html: string, outPath: string, options: PdfOptions, printer?: Printer): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-print-'));
  try {
    const htmlPath = join(dir, 'document.html');
    writeFileSync(htmlPath, html);
    await htmlFileToPdf(htmlPath, outPath, options, printer);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
