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
  /**
   * The footer's "page X of Y"; on by default. A document printed in parts numbers its pages
   * once they are joined (see pdf-merge.ts), since each part would count its own.
   */
  pageNumbers?: boolean;
  landscape?: boolean;
  /**
   * A tagged (structured, accessible) PDF; on by default. Tagging costs Chromium time
   * in proportion to the document: a long document whose HTML source travels with it
   * (the evidence pack) can leave it off.
   */
  tagged?: boolean;
}

/** A CSS string literal of `text` (quotes and backslashes escaped, line breaks as spaces). */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\r\n\f]+/g, ' ')}"`;
}

/** The running header's and footer's type: 8 CSS px (6 pt), grey #555; pdf-merge.ts stamps page numbers alike. */
export const marginTextPt = 6;
export const marginTextGrey = 0x55 / 0xff;
const marginText = 'font: 8px system-ui, sans-serif; color: #555;';
/** Where Chromium's header template put the header: near the top of the 16 mm margin, not in its middle. */
const headerPlace = 'vertical-align: top; padding-top: 5mm;';

/**
 * The running header (title left, note right) and footer ("page X of Y") as CSS page
 * margin boxes, added to the page just before printing. Chromium's own header and
 * footer templates are laid out as a separate document for every page: on the
 * 2,600-page evidence document of 10k escalations that cost ~23 % of Chromium's CPU
 * time (50 s → 38 s); margin boxes print the same text in the same place as part of
 * the page. Empty when the document has no running header.
 */
export function pageMarginCss(options: PdfOptions): string {
  if (options.headerFooter === false) return '';
  return `@page {
  @top-left { content: ${cssString(options.title)}; ${marginText} ${headerPlace} }
  @top-right { content: ${cssString(options.headerNote ?? '')}; ${marginText} ${headerPlace} }
${options.pageNumbers === false ? '' : `  @bottom-right { content: "page " counter(page) " of " counter(pages); ${marginText} }\n`}}`;
}

/** A4 with backgrounds and kt's margins (the running header and footer come from pageMarginCss). */
export function pdfPrintOptions(options: PdfOptions): PDFOptions {
  return {
    format: 'A4',
    landscape: options.landscape ?? false,
    printBackground: true,
    displayHeaderFooter: false,
    tagged: options.tagged ?? true,
    margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
    timeout: 600_000,
  };
}
