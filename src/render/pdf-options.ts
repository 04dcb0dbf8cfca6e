import type { PDFOptions } from 'puppeteer-core';

/**
 * How kt's PDFs are printed: which Chromium, with which flags, on which paper. Chromium
 * runs headless, sandbox off (containers), with every background service that could
 * phone home switched off, and a throwaway profile.
 */

export function chromePath(): string {
  return process.env.KT_CHROME_PATH ?? '/usr/bin/chromium';
}

export const chromeArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface PdfOptions {
  /** Shown in the running header of every page. */
  title: string;
  /** Printed at the right of the running header, e.g. "generated 2026-09-21 00:00 UTC". */
  headerNote?: string;
  /** Running header (title) and footer ("page X of Y"); on by default. */
  headerFooter?: boolean;
  landscape?: boolean;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function headerTemplate(title: string, note: string): string {
  return `<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:system-ui,sans-serif;display:flex;justify-content:space-between"><span>${escapeHtml(title)}</span><span>${escapeHtml(note)}</span></div>`;
}

const footerTemplate =
  '<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:system-ui,sans-serif;text-align:right">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/** A4 with backgrounds, the running header and footer, and kt's margins. */
export function pdfPrintOptions(options: PdfOptions): PDFOptions {
  const withChrome = options.headerFooter !== false;
  return {
    format: 'A4',
    landscape: options.landscape ?? false,
    printBackground: true,
    displayHeaderFooter: withChrome,
    headerTemplate: withChrome ? headerTemplate(options.title, options.headerNote ?? '') : '<span></span>',
    footerTemplate: withChrome ? footerTemplate : '<span></span>',
    margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
    timeout: 600_000,
  };
}
