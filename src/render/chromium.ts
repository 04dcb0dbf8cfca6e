import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { KtError } from '../errors.js';
import { chromeArgs, chromePath } from './pdf-options.js';

/** Starting and ending the Chromium a Printer prints on. */

export interface Running {
  browser: Browser;
  profile: string;
  /** The tab Chromium opens at start, used for the first document instead of a new one. */
  spare: Page | undefined;
}

function chromiumMissing(path: string, reason: string): KtError {
  return new KtError(
    'unavailable',
    `Cannot print PDF: Chromium is not available at ${path} (${reason}). Install it with \`apt-get install -y chromium\` or set KT_CHROME_PATH to a Chrome/Chromium binary; HTML output (--out FILE.html or format=html) works without it.`,
    { chrome_path: path },
  );
}

export async function launch(handleSignals: boolean): Promise<Running> {
  const path = chromePath();
  if (!existsSync(path)) throw chromiumMissing(path, 'no such file');
  const profile = mkdtempSync(join(tmpdir(), 'kt-chromium-'));
  try {
    const browser = await puppeteer.launch({
      executablePath: path,
      headless: true,
      pipe: true,
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      args: [...chromeArgs, `--user-data-dir=${profile}`],
      timeout: 60_000,
    });
    // A browser that dies on its own leaves its profile behind; remove it once the process is gone.
    browser.process()?.once('exit', () => removeProfile(profile));
    const [spare] = await browser.pages();
    return { browser, profile, spare };
  } catch (error) {
    removeProfile(profile);
    throw chromiumMissing(path, error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/**
 * Ends Chromium and every process it started (they share its process group) and
 * removes its profile. The profile is throwaway and every document is already on
 * disk, so there is nothing for a graceful shutdown to save; it took 0.3-0.5 s of a
 * command's time, and waiting for the killed processes to be torn down another
 * 0.15-0.4 s. A killed process writes nothing more, so its profile goes at once (and
 * again on its exit, should a file it was writing have appeared meanwhile).
 */
export async function stop(running: Running): Promise<void> {
  const child = running.browser.process();
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  } else if (!child) {
    await running.browser.close().catch(() => undefined);
  }
  removeProfile(running.profile);
}

function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A leftover temporary profile is not worth failing a document for.
  }
}

