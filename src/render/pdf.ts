import { createWriteStream, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { KtError } from '../errors.js';

/**
 * PDF printing with a real Chromium through puppeteer-core. Chromium runs headless,
 * sandbox off (containers), with every background service that could phone home
 * switched off, and a throwaway profile; requests other than the local page are refused.
 */

export function chromePath(): string {
  return process.env.KT_CHROME_PATH ?? '/usr/bin/chromium';
}

const chromeArgs = [
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

function chromiumMissing(path: string, reason: string): KtError {
  return new KtError(
    'unavailable',
    `Cannot print PDF: Chromium is not available at ${path} (${reason}). Install it with \`apt-get install -y chromium\` or set KT_CHROME_PATH to a Chrome/Chromium binary; HTML output (--out FILE.html or format=html) works without it.`,
    { chrome_path: path },
  );
}

async function launch(userDataDir: string): Promise<Browser> {
  const path = chromePath();
  if (!existsSync(path)) throw chromiumMissing(path, 'no such file');
  try {
    return await puppeteer.launch({
      executablePath: path,
      headless: true,
      args: [...chromeArgs, `--user-data-dir=${userDataDir}`],
      timeout: 60_000,
    });
  } catch (error) {
    throw chromiumMissing(path, error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function headerTemplate(title: string, note: string): string {
  return `<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:system-ui,sans-serif;display:flex;justify-content:space-between"><span>${escapeHtml(title)}</span><span>${escapeHtml(note)}</span></div>`;
}

const footerTemplate =
  '<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:system-ui,sans-serif;text-align:right">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/**
 * Prints an HTML file (already on disk: large documents are written in pieces and
 * never held as one string) to `outPath`, A4 with backgrounds. The PDF is streamed
 * to a temporary file beside the target and renamed into place, so a failure
 * leaves nothing half-written. The browser is always closed.
 */
export async function htmlFileToPdf(htmlPath: string, outPath: string, options: PdfOptions): Promise<void> {
  const target = resolve(outPath);
  const profile = mkdtempSync(join(tmpdir(), 'kt-chromium-'));
  const partial = join(dirname(target), `.${Date.now()}-${process.pid}.pdf.partial`);
  let browser: Browser | undefined;
  try {
    browser = await launch(profile);
    const page = await browser.newPage();
    const pageUrl = pathToFileURL(resolve(htmlPath)).href;
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url === pageUrl || url.startsWith('data:')) void request.continue();
      else void request.abort();
    });
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 300_000 });
    const withChrome = options.headerFooter !== false;
    const stream = await page.createPDFStream({
      format: 'A4',
      landscape: options.landscape ?? false,
      printBackground: true,
      displayHeaderFooter: withChrome,
      headerTemplate: withChrome ? headerTemplate(options.title, options.headerNote ?? '') : '<span></span>',
      footerTemplate: withChrome ? footerTemplate : '<span></span>',
      margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
      timeout: 600_000,
    });
    await pipeline(Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(partial));
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
    if (browser) await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Prints an HTML string to `outPath` (see htmlFileToPdf). */
export async function htmlToPdf(html: string, outPath: string, options: PdfOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-print-'));
  try {
    const htmlPath = join(dir, 'document.html');
    writeFileSync(htmlPath, html);
    await htmlFileToPdf(htmlPath, outPath, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
