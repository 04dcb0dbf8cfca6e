import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openWorld, type World } from '../review/seed.js';
import { call } from './request.js';

/**
 * A request body is read into memory, and the sign-in form is read before anyone is known
 * (its CSRF check parses it): without a bound, an outsider could send bodies of gigabytes
 * and take the server down. Every body but an ingest's (admins only, checked before it is
 * read) is refused past the limit, without reading it all.
 */
let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const fiveMegabytes = 'a'.repeat(5 * 1024 * 1024);

describe('request body limit', () => {
  it('refuses an anonymous sign-in form of 5 MB with a 413 naming the limit', async () => {
    const response = await createApp(world.store).request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kt_login_csrf=${'L'.repeat(43)}` },
      body: `_csrf=${'L'.repeat(43)}&token=${fiveMegabytes}`,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/larger than 4 MB/);
  });

  it('refuses a 5 MB JSON body on the API with the error shape, and changes nothing', async () => {
    const app = createApp(world.store);
    const response = await call(app, 'POST', '/api/escalations/esc_c1/resolve', world.tokens.reviewerA, { outcome: 'approved', category: 'benign_positive', note: fiveMegabytes });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ error: { code: 'too_large', message: expect.stringMatching(/The request body is larger than 4 MB/) } });
    expect((await call(app, 'GET', '/api/escalations/esc_c1', world.tokens.reviewerA)).json).toMatchObject({ escalation: { status: 'claimed' } });
  });

  it('still takes a large ingest from an admin', async () => {
    const event = JSON.stringify({ id: 'evt_big', timestamp: '2026-03-06T10:00:00Z', verdict: 'allow', team: 'support', request: fiveMegabytes });
    const response = await call(createApp(world.store), 'POST', '/api/events', world.tokens.admin, undefined, { 'Content-Type': 'application/x-ndjson' });
    expect(response.status).toBe(400); // empty body: the route itself answers
    const big = await createApp(world.store).request('http://localhost/api/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.admin}`, 'content-type': 'application/x-ndjson' },
      body: `${event}\n`,
    });
    expect(big.status, await big.clone().text()).toBe(200);
  });
});
