import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/reports/render.js';
import type { Store } from '../../src/store/database.js';
import { expectedDir, fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

/** The generator version and the report time change between runs and releases; nothing else may. */
function normalise(html: string): string {
  return html
    .replaceAll(/kt \d+\.\d+\.\d+[^\s"<]*/g, 'kt VERSION')
    .replaceAll('2026-09-21 00:00 UTC', 'GENERATED-AT');
}

/** Compares with test/fixtures/reports/expected/NAME.html; UPDATE_GOLDEN=1 rewrites it. */
function expectGolden(name: string, html: string): void {
  const file = join(expectedDir, `${name}.html`);
  const actual = normalise(html);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`Wrote missing golden file ${file}; check it and rerun.`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const cases: Array<{ name: string; report: string; params: Record<string, unknown> }> = [
  { name: 'false-positives', report: 'false-positives', params: {} },
  { name: 'tuning', report: 'tuning', params: { config_id: 'cfg_support', policy: 'human-oversight', reason_code: 'violence_terms', before: '1.0.0', after: '1.1.0' } },
  { name: 'volume', report: 'volume', params: {} },
];

describe('report HTML (golden files)', () => {
  for (const c of cases) {
    it(`renders ${c.name} as committed`, async () => {
      const { html } = await renderReport(store, { name: c.report, params: c.params, viewer: 'everyone', now: fixtureNow });
      expectGolden(c.name, html);
    });
  }
});
