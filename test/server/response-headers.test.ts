import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { PageClient } from '../web/client.js';
import { openWebWorld, type WebWorld } from '../web/world.js';
import { call } from './request.js';

/**
 * What every answer tells the browser: nothing a signed-in user saw (prompts, notes, the
 * queue) stays in a cache for the next person at the machine or a proxy, and a report
 * opened in the browser runs no script and cannot be framed, like the web UI's pages.
 */
let world: WebWorld;
beforeAll(async () => {
  world = await openWebWorld();
});
afterAll(() => world.close());

describe('response headers', () => {
  it('marks API answers no-store', async () => {
    const app = createApp(world.store);
    for (const path of ['/api/escalations', '/api/escalations/esc_101', '/api/events?since=30d', '/api/analytics/false-positives']) {
      const token = path.startsWith('/api/analytics') ? world.tokens.pat : world.tokens.alice;
      const response = await call(app, 'GET', path, token);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    // Refusals too: a 404 or 401 names ids and says what exists.
    expect((await call(app, 'GET', '/api/escalations/esc_nope', world.tokens.alice)).headers.get('cache-control')).toBe('no-store');
    expect((await call(app, 'GET', '/api/escalations')).headers.get('cache-control')).toBe('no-store');
  });

  it('marks signed-in pages no-store, and keeps the static assets revalidated', async () => {
    const browser = new PageClient(createApp(world.store));
    await browser.signIn(world.tokens.alice);
    for (const path of ['/', '/escalations/esc_101']) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await browser.get('/static/web.css')).headers.get('cache-control')).toBe('no-cache');
  });

  it('serves an HTML report with a policy that allows no script, no outside resource and no framing', async () => {
    const response = await call(createApp(world.store), 'GET', '/reports/false-positives?format=html', world.tokens.pat);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src/);
    // The report keeps its inline styles and charts.
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(response.text).toContain('<style>');
  });
});
