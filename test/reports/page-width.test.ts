import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, stop, type Running } from '../../src/render/chromium.js';
import { renderReport } from '../../src/reports/render.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

// Real Chromium (KT_CHROME_PATH or /usr/bin/chromium): the layout is the browser's.
let store: Store;
let cleanup: () => void;
let chromium: Running;
beforeAll(async () => {
  ({ store, cleanup } = await fixtureStore());
  chromium = await launch(false);
});
afterAll(async () => {
  await stop(chromium);
  cleanup();
});

/** A4 less kt's 12 mm side margins (pdf-options.ts), in CSS px: the width a report prints in. */
const printWidth = Math.floor(((210 - 24) / 25.4) * 96);

/**
 * How far the widest content of a report, laid out for print at the page's text width,
 * runs past it (0 when it fits). Chromium shrinks a whole page that is wider than
 * the paper, and anything beyond is cut off.
 */
async function overflow(report: string, params: Record<string, unknown>): Promise<number> {
  const { html } = await renderReport(store, { name: report, params, viewer: 'everyone', now: fixtureNow });
  const page = await chromium.browser.newPage();
  try {
    await page.emulateMediaType('print');
    await page.setViewport({ width: printWidth, height: 1000 });
    await page.setContent(html);
    return await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  } finally {
    await page.close();
  }
}

describe('reports fit the width of an A4 page', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['volume', {}],
    ['volume', { by: 'reason_code', bucket: 'day' }],
    ['false-positives', {}],
    ['false-positives', { by: 'team,provider,model' }],
    ['tuning', { config_id: 'cfg_support', policy: 'human-oversight', reason_code: 'violence_terms', before: '1.0.0', after: '1.1.0' }],
  ];
  for (const [report, params] of cases) {
    it(`${report} ${JSON.stringify(params)}`, async () => {
      expect(await overflow(report, params)).toBe(0);
    });
  }
});
