import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openWorld, type World } from '../review/seed.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const goodResolution = { outcome: 'approved', category: 'benign_positive', note: 'The user asked about a video game, harmless.' };

/** A body sent as-is, with whatever Content-Type (none when undefined). */
async function send(path: string, token: string, text: string, contentType: string | undefined) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  // Bytes, not a string: fetch would label a string body text/plain itself.
  const response = await createApp(world.store).request(path, { method: 'POST', headers, body: new TextEncoder().encode(text) });
  return { status: response.status, json: await response.json() };
}

const statusOf = async (id: string) => (await world.store.one<{ status: string; claimed_by: string | null }>('SELECT status, claimed_by FROM escalations WHERE id = $id', { id }))!;

describe('JSON bodies', () => {
  // Every route that reads a JSON body, with a body it would accept as JSON.
  const routes = [
    { path: '/api/escalations/esc_c1/reassign', who: 'admin', body: { to: 'bob' } },
    { path: '/api/escalations/esc_c1/resolve', who: 'reviewerA', body: goodResolution },
    { path: '/api/users', who: 'admin', body: { id: 'dave', role: 'reviewer', teams: ['support'] } },
    { path: '/api/evidence', who: 'compliance', body: { from: '2026-01-01', to: '2026-12-31', pdf: false } },
  ] as const;

  for (const route of routes) {
    it(`POST ${route.path} refuses a body that is not sent as JSON, naming the Content-Type`, async () => {
      const text = JSON.stringify(route.body);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/x-ndjson', undefined]) {
        const refused = await send(route.path, world.tokens[route.who], text, type);
        expect([type, refused.status]).toEqual([type, 400]);
        expect(refused.json.error.code).toBe('bad_input');
        expect(refused.json.error.message).toContain('Content-Type: application/json');
        if (type) expect(refused.json.error.message).toContain(type);
        expect(refused.json.error.details).toMatchObject({ content_type: type ?? null, expected: 'application/json' });
      }
    });

    it(`POST ${route.path} refuses a body that is not valid JSON, saying why`, async () => {
      const broken = await send(route.path, world.tokens[route.who], '{"to": "bob",', 'application/json');
      expect(broken.status).toBe(400);
      expect(broken.json.error.message).toMatch(/^The body is not valid JSON: .+/);
      const empty = await send(route.path, world.tokens[route.who], '', 'application/json');
      expect(empty.status).toBe(400);
      expect(empty.json.error.message).toMatch(/The body is empty/);
    });
  }

  it('changes nothing when a reassign is sent as text/plain (it used to read the body as {} and requeue the item)', async () => {
    const before = await statusOf('esc_c1');
    expect(before).toMatchObject({ status: 'claimed' });
    const refused = await send('/api/escalations/esc_c1/reassign', world.tokens.admin, '{"to":"rev_sup"}', 'text/plain');
    expect(refused.status).toBe(400);
    expect(await statusOf('esc_c1')).toEqual(before);
  });

  it('still accepts application/json with a charset, and +json types', async () => {
    const resolved = await send('/api/escalations/esc_c1/resolve', world.tokens.reviewerA, JSON.stringify(goodResolution), 'application/json; charset=utf-8');
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ status: 'resolved', outcome: 'approved' });
    const added = await send('/api/users', world.tokens.admin, JSON.stringify({ id: 'dave', role: 'reviewer' }), 'Application/Merge-Patch+JSON');
    expect(added.status).toBe(201);
  });

  it('names the field of a JSON body that fails validation', async () => {
    const refused = await send('/api/escalations/esc_c1/resolve', world.tokens.reviewerA, JSON.stringify({ ...goodResolution, outcome: 'maybe' }), 'application/json');
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/outcome/);
  });

  it('says what type a field must be and what it got, in a sentence', async () => {
    const pdf = await send('/api/evidence', world.tokens.compliance, JSON.stringify({ from: '2026-01-01', to: '2026-12-31', pdf: 'no' }), 'application/json');
    expect(pdf.status).toBe(400);
    expect(pdf.json.error.message).toBe('Invalid body: pdf must be a boolean, not a string');
    const teams = await send('/api/users', world.tokens.admin, JSON.stringify({ id: 'dave', role: 'reviewer', teams: 'support' }), 'application/json');
    expect(teams.json.error.message).toBe('Invalid body: teams must be an array, not a string');
    const reason = await send('/api/evidence', world.tokens.compliance, JSON.stringify({ from: '2026-01-01', to: '2026-12-31', reason: null }), 'application/json');
    expect(reason.json.error.message).toBe('Invalid body: reason must be a string, not null');
  });

  it('refuses valid JSON that is not an object, saying what it is', async () => {
    for (const [text, kind] of [['[]', 'an array'], ['null', 'null'], ['"alice"', 'a string'], ['42', 'a number']] as const) {
      const refused = await send('/api/users', world.tokens.admin, text, 'application/json');
      expect(refused.status, text).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'bad_input', message: `The body is ${kind}; this route needs a JSON object.` });
    }
    const whatif = await send('/api/tune/whatif', world.tokens.policyOwner, '["pack: {}"]', 'application/json');
    expect(whatif.json.error.message).toBe('The body is an array; this route needs a JSON object.');
  });

  it('says a field left out of a JSON body is required, not what type zod received', async () => {
    const refused = await send('/api/evidence', world.tokens.compliance, JSON.stringify({ to: '2026-12-31', pdf: false }), 'application/json');
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe('Invalid body: from is required');
    expect(refused.json.error.details.issues).toEqual([{ field: 'from', message: 'is required' }]);
  });

  it('refuses an empty YAML what-if draft as an empty body, not by an internal field name', async () => {
    const refused = await send('/api/tune/whatif', world.tokens.policyOwner, '\n', 'application/yaml');
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'bad_input', message: 'The body is empty; send the draft policy-config.yaml as the body.', details: { content_type: 'application/yaml' } });
  });

  it('refuses a what-if draft sent as neither JSON nor YAML, naming what was sent', async () => {
    const refused = await send('/api/tune/whatif', world.tokens.policyOwner, JSON.stringify({ draft: 'pack: {}' }), 'text/plain');
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('text/plain');
    const broken = await send('/api/tune/whatif', world.tokens.policyOwner, '{"draft": ', 'application/json');
    expect(broken.status).toBe(400);
    expect(broken.json.error.message).toMatch(/^The body is not valid JSON: .+/);
  });
});
