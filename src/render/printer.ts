import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { KtError } from '../errors.js';
import { launch, stop, type Running } from './chromium.js';
import { pageMarginCss, pdfPrintOptions, type PdfOptions } from './pdf-options.js';

/**
 * A Chromium that prints HTML files to PDF, one tab per document. The CLI makes one
 * per command and calls warm() before its queries, so the browser starts while the
 * document is built; `kt serve` keeps one for its lifetime (launched on the first
 * PDF, relaunched if it dies, closed when idle and on shutdown), so a report PDF
 * costs a page load and a print instead of a browser start. Talks to Chromium over
 * a pipe: no debugging port is opened, and nothing has to be polled for one.
 */
export interface PrinterOptions {
  /** Documents printed at once; further ones wait. */
  maxPages?: number;
  /** Close the browser after this long without a document (ms); 0 keeps it open until close(). */
  idleMs?: number;
  /**
   * Whether Ctrl-C and SIGTERM end the browser (and Ctrl-C the process) by themselves,
   * as puppeteer does by default; a caller that shuts down on those signals itself,
   * like `kt serve`, says false and calls close().
   */
  handleSignals?: boolean;
}

export class Printer {
  readonly #maxPages: number;
  readonly #idleMs: number;
  readonly #handleSignals: boolean;
  #running: Promise<Running> | undefined;
  #busy = 0;
  #waiting: Array<() => void> = [];
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: PrinterOptions = {}) {
    this.#maxPages = Math.max(1, options.maxPages ?? 2);
    this.#idleMs = options.idleMs ?? 0;
    this.#handleSignals = options.handleSignals ?? true;
  }

  /** Starts Chromium now, if it is not running, without waiting; a failure surfaces on the next print. */
  warm(): void {
    if (this.#closed) return;
    this.#running ??= this.#launch();
    this.#running.catch(() => undefined);
  }

  /** Prints an HTML file to `outPath` (see htmlFileToPdf). */
  async print(htmlPath: string, outPath: string, options: PdfOptions): Promise<void> {
    await this.#acquire();
    try {
      const running = await this.#browser();
      const page = running.spare ?? (await running.browser.newPage());
      running.spare = undefined;
      try {
        await printPage(page, htmlPath, outPath, options);
      } finally {
        // Not awaited: the document is on disk, and a one-shot printer kills the browser next.
        page.close().catch(() => undefined);
      }
    } finally {
      this.#release();
    }
  }

  /** The running browser's process id (undefined when none is running or starting): for diagnostics and tests. */
  async browserPid(): Promise<number | undefined> {
    const running = await this.#running?.catch(() => undefined);
    return running?.browser.process()?.pid;
  }

  /** Closes the browser (waiting for a launch in progress) and removes its profile; later prints fail. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    await this.#shutDown();
  }

  async #browser(): Promise<Running> {
    if (this.#closed) throw new KtError('unavailable', 'Cannot print PDF: the printer has been shut down.');
    const launching = (this.#running ??= this.#launch());
    try {
      const running = await launching;
      if (running.browser.connected) return running;
      // Died before its 'disconnected' event was handled: start another.
      if (this.#running === launching) this.#running = undefined;
      return await (this.#running ??= this.#launch());
    } catch (error) {
      // A failed start is reported once; the next document tries again.
      if (this.#running === launching) this.#running = undefined;
      throw error;
    }
  }

  #launch(): Promise<Running> {
    const launching: Promise<Running> = launch(this.#handleSignals).then((running) => {
      // Crashed or closed: forget it, so the next document starts a new one.
      running.browser.once('disconnected', () => {
        if (this.#running === launching) this.#running = undefined;
      });
      return running;
    });
    return launching;
  }

  async #shutDown(): Promise<void> {
    const launching = this.#running;
    this.#running = undefined;
    if (!launching) return;
    const running = await launching.catch(() => undefined);
    if (!running) return;
    await stop(running);
  }

  async #acquire(): Promise<void> {
    clearTimeout(this.#idle);
    if (this.#busy < this.#maxPages) {
      this.#busy += 1;
      return;
    }
    // Woken by #release, which hands over its slot (busy stays the same).
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) return next();
    this.#busy -= 1;
    if (this.#busy === 0 && this.#idleMs > 0 && !this.#closed) {
      this.#idle = setTimeout(() => void this.#shutDown(), this.#idleMs);
      this.#idle.unref();
    }
  }
}

/**
 * Loads the file in `page` (refusing every other request) and streams the PDF to a
 * temporary file beside the target, renamed into place: a failure leaves nothing half-written.
 */
async function printPage(page: Page, htmlPath: string, outPath: string, options: PdfOptions): Promise<void> {
  const target = resolve(outPath);
  const partial = join(dirname(target), `.${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.pdf.partial`);
  try {
    const pageUrl = pathToFileURL(resolve(htmlPath)).href;
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url === pageUrl || url.startsWith('data:')) void request.continue();
      else void request.abort();
    });
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 300_000 });
    const margins = pageMarginCss(options);
    if (margins) await page.addStyleTag({ content: margins });
    const stream = await page.createPDFStream(pdfPrintOptions(options));
    await pipeline(Readable.fromWeb(stream as ReadableStream<Uint8Array>), createWriteStream(partial));
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
}
