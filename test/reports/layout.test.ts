import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/reports/render.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

async function html(report: string, params: Record<string, unknown> = {}): Promise<string> {
  return (await renderReport(store, { name: report, params, viewer: 'everyone', now: fixtureNow })).html;
}

/** The `<table …>` opening tag of the table under the heading `title`. */
function tableAfter(page: string, title: string): string {
  const at = page.indexOf(`<h2>${title}</h2>`);
  expect(at).toBeGreaterThan(-1);
  return /<table[^>]*>/.exec(page.slice(at))![0];
}

describe('report tables fit the page', () => {
  it('wrap identifiers only after _ - /, never mid-word', async () => {
    const page = await html('false-positives', { by: 'team,model' });
    expect(page).toContain('<span class="id">violence_<wbr>terms</span>');
    expect(page).toContain('<span class="id">cfg_<wbr>support</span>');
    expect(page).not.toContain('overflow-wrap: anywhere');
  });

  it('print the many-column tables in the dense style', async () => {
    expect(tableAfter(await html('false-positives', { by: 'team,provider,model' }), 'Ranked clusters')).toBe('<table class="dense">');
    expect(tableAfter(await html('volume'), 'Backlog and time to resolve')).toBe('<table class="dense">');
  });

  it('leave out the Teams column when clusters are split by team (it would repeat the team column)', async () => {
    expect(await html('false-positives')).toContain('<th>Teams</th>');
    expect(await html('false-positives', { by: 'team' })).not.toContain('<th>Teams</th>');
  });
});
