import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEventText } from '../../src/ingest/index.js';
import { renderReport } from '../../src/reports/render.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

const params = { config_id: 'cfg_support', policy: 'human-oversight', reason_code: 'violence_terms', before: '1.0.0', after: '1.1.0' };

/** The daily chart of the tuning report (its <figure>) and the before/after table. */
async function tuningParts(): Promise<{ figure: string; table: string }> {
  const { html } = await renderReport(store, { name: 'tuning', params, viewer: 'everyone', now: fixtureNow });
  return { figure: /<figure>[\s\S]*?<\/figure>/.exec(html)![0], table: /<table>[\s\S]*?<\/table>/.exec(html)![0] };
}

describe('tuning report: daily lines', () => {
  it('count the compared policy’s reason code only, as the table does: another policy’s escalations with that reason code leave them as they were', async () => {
    const before = await tuningParts();
    expect(before.figure).toContain('for policy human-oversight, reason code violence_terms under cfg_support');
    // Another policy that happens to use the same reason code, escalating on the same days.
    const rows = [1, 2, 3, 4, 5, 6].map((day) => JSON.stringify({
      id: `evt_other_${day}`, timestamp: `2026-09-0${day}T12:00:00Z`, verdict: 'escalate', policy: 'toxicity', reason_code: 'violence_terms',
      config_id: 'cfg_support', config_version: '1.0.0', team: 'red', request: 'some other request',
    }));
    const report = await ingestEventText(store, 'other-policy.ndjson', rows.join('\n') + '\n', { actor: 'test' });
    expect(report.accepted).toBe(6);
    const after = await tuningParts();
    expect(after.figure).toBe(before.figure);
  });
});
