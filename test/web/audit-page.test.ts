import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { claimEscalation, unclaimEscalation } from '../../src/store/queue/index.js';
import { createUser } from '../../src/store/users.js';
import { fieldErrorOf, PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// The audit trail in the browser and over the API: compliance reads who did what to what and
// when, newest first, filtered and paged, and has the whole chain recomputed on request.

let world: WebWorld;
let app: ReturnType<typeof createApp>;
const people: Record<'cora' | 'sam' | 'pat', PageClient> = {} as never;
let coraToken: string;
let samToken: string;

const alice = { id: 'alice', role: 'reviewer' as const, teams: ['support'] };
const bob = { id: 'bob', role: 'reviewer' as const, teams: ['sales'] };

beforeAll(async () => {
  world = await openWebWorld();
  coraToken = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
  samToken = (await createUser(world.store, { id: 'sam', role: 'compliance', teams: ['sales'] }, 'test')).token;
  // Queue history: 30 claim + unclaim rounds by alice on a support item, one claim by bob on the sales item.
  for (let i = 0; i < 30; i++) {
    await claimEscalation(world.store, alice, 'esc_101');
    await unclaimEscalation(world.store, alice, 'esc_101');
  }
  await claimEscalation(world.store, bob, 'esc_201');
  app = createApp(world.store);
  for (const [who, token] of Object.entries({ cora: coraToken, sam: samToken, pat: world.tokens.pat })) {
    people[who as keyof typeof people] = new PageClient(app);
    await people[who as keyof typeof people].signIn(token);
  }
});
afterAll(() => world.close());

/** The rows of the page's audit table: [seq, actor, action label, target]. */
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr>\s*<td class="num">(\d+)<\/td>\s*<td>[^<]*<\/td>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>\s*<td><a href="[^"]*" class="mono"[^>]*>([^<]*)<\/a>/g)]
    .map((m) => [Number(m[1]), m[2], m[3], m[4]] as const);
const hrefOf = (html: string, text: string) => html.match(new RegExp(`<a class="button" href="([^"]+)">${text}</a>`))?.[1]?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

describe('audit trail page', () => {
  it('is in the top bar for compliance, and refused to other roles', async () => {
    const page = await people.cora.get('/audit');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/audit" aria-current="page">Audit<\/a>/);
    const refused = await people.pat.get('/audit');
    expect(refused.status).toBe(403);
    expect(refusalOf(refused.html)).toBe('Your role policy_owner may not read the audit trail.');
    expect((await people.pat.get('/')).html).not.toContain('href="/audit"');
    expect((await new PageClient(app).get('/audit')).headers.get('location')).toBe('/login?next=%2Faudit');
  });

  it('lists the newest entries first, 50 a page, and pages back to the first entry without gaps', async () => {
    const total = (await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM audit'))!.n;
    expect(total).toBeGreaterThan(60);
    const seen: number[] = [];
    let path: string | undefined = '/audit';
    for (let pages = 0; path && pages < 5; pages++) {
      const page = await people.cora.get(path);
      expect(page.status).toBe(200);
      const rows = rowsOf(page.html);
      expect(rows.length).toBeLessThanOrEqual(50);
      seen.push(...rows.map((r) => r[0]));
      path = hrefOf(page.html, 'Older entries');
      if (pages > 0) expect(hrefOf(page.html, 'Newest')).toBe('/audit');
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
    const first = rowsOf((await people.cora.get('/audit')).html)[0]!;
    expect(first).toEqual([total, 'bob', 'Claimed', 'esc_201']);
  });

  it('filters by who, what and about what, and links an escalation to its page', async () => {
    const routed = await people.cora.get('/audit?action=route');
    expect(rowsOf(routed.html)).toEqual([[expect.any(Number), 'kt', 'Routed (arrived claimed)', 'esc_103']]);
    expect(routed.html).toContain('<a href="/escalations/esc_103" class="open-link">open</a>');
    expect(routed.html).toContain('<option value="route" selected>');
    const bobs = rowsOf((await people.cora.get('/audit?actor=bob&action=&target=')).html);
    expect(bobs.map((r) => r.slice(1))).toEqual([['bob', 'Claimed', 'esc_201']]);
    const item = rowsOf((await people.cora.get('/audit?target=esc_101')).html);
    expect(item).toHaveLength(50);
    expect(new Set(item.map((r) => r[3]))).toEqual(new Set(['esc_101']));
    const none = await people.cora.get('/audit?actor=nobody');
    expect(none.html).toContain('No audit entries match.');
    expect(none.html).toContain('<option value="nobody" selected>nobody</option>');
  });

  it('keeps a filter it cannot read on the page and says why', async () => {
    const action = await people.cora.get('/audit?action=drop_table');
    expect(action.status).toBe(400);
    expect(refusalOf(action.html)).toMatch(/^The filter was not understood: What must be one of create, route, /);
    const since = await people.cora.get('/audit?since=yesterday&target=esc_101');
    expect(since.status).toBe(400);
    expect(refusalOf(since.html)).toMatch(/^The filter was not understood: Since &quot;yesterday&quot; is neither a duration/);
    expect(since.html).toContain('name="target" type="text" value="esc_101"');
  });

  it('ties a filter it cannot read to its field, the message beside it', async () => {
    const action = await people.cora.get('/audit?action=drop_table');
    expect(fieldErrorOf(action.html, 'a-action')).toMatch(/^What must be one of create, route, /);
    expect(action.html).toContain('<a href="#a-action">Go to the field</a>');
    const since = await people.cora.get('/audit?since=yesterday&target=esc_101');
    expect(fieldErrorOf(since.html, 'a-since')).toMatch(/^Since &quot;yesterday&quot; is neither a duration/);
    expect(fieldErrorOf(since.html, 'a-target')).toBeUndefined();
    // A window that ends before it starts, in the form's labels, beside the field it starts at.
    const inverted = await people.cora.get('/audit?since=2026-11-10&until=2026-11-01');
    expect(inverted.status).toBe(400);
    expect(refusalOf(inverted.html)).toBe('The filter was not understood: Since &quot;2026-11-10&quot; must be before Until &quot;2026-11-01&quot;.');
    expect(fieldErrorOf(inverted.html, 'a-since')).toBe('Since &quot;2026-11-10&quot; must be before Until &quot;2026-11-01&quot;.');
    expect(inverted.html).toContain('<a href="#a-since">Go to the field</a>');
    const until = await people.cora.get(`/audit?until=${'9'.repeat(101)}`);
    expect(fieldErrorOf(until.html, 'a-until')).toBe('Until must be at most 100 characters.');
    // Every field the filter refuses is marked at once; the top message says the first and counts the rest.
    const two = await people.cora.get(`/audit?action=drop_table&until=${'9'.repeat(101)}`);
    expect(fieldErrorOf(two.html, 'a-action')).toMatch(/^What must be one of create, route, /);
    expect(fieldErrorOf(two.html, 'a-until')).toBe('Until must be at most 100 characters.');
    expect(refusalOf(two.html)).toMatch(/^The filter was not understood: What must be one of .* 1 more field is marked below\.$/);
    // The pager's cursor has no field on the form; verifying is refused about no field.
    const before = await people.cora.get('/audit?before=0');
    expect(refusalOf(before.html)).toMatch(/^The filter was not understood: before /);
    expect(before.html).not.toContain('aria-invalid');
    expect((await people.sam.get('/audit?verify=1')).html).not.toContain('aria-invalid');
  });

  it('shows a compliance officer of one team only the entries about that team’s escalations', async () => {
    const rows = rowsOf((await people.sam.get('/audit')).html);
    expect(rows.map((r) => r.slice(1))).toEqual([['bob', 'Claimed', 'esc_201'], ['test', 'Imported', 'esc_201']]);
    const actors = (await people.sam.get('/audit')).html.match(/<select id="a-actor" name="actor">([\s\S]*?)<\/select>/)![1]!;
    expect([...actors.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual(['', 'bob', 'test']);
    expect(rowsOf((await people.sam.get('/audit?target=esc_101')).html)).toEqual([]);
  });

  it('answers the same over the API, a page at a time, and refuses a bad filter naming it', async () => {
    const get = async (path: string, token = coraToken) => {
      const response = await app.request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, json: (await response.json()) as any };
    };
    const first = await get('/api/audit?target=esc_101&limit=40');
    expect(first.status).toBe(200);
    expect(first.json.entries).toHaveLength(40);
    const second = await get(`/api/audit?target=esc_101&limit=40&before=${first.json.next_before}`);
    // 30 claim + unclaim rounds on top of its import.
    expect(second.json.entries).toHaveLength(21);
    expect(second.json.next_before).toBeNull();
    expect([...first.json.entries, ...second.json.entries].map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['unclaim', 'claim']);
    const sales = await get('/api/audit', samToken);
    expect(sales.json.entries.map((e: { target: string }) => e.target)).toEqual(['esc_201', 'esc_201']);
    const bad = await get('/api/audit?limit=501');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/limit must be a whole number from 1 to 500/);
  });

  it('names an escalation whose row its entries no longer account for', async () => {
    const { claimed_at } = (await world.store.one<{ claimed_at: string }>("SELECT claimed_at FROM escalations WHERE id = 'esc_201'"))!;
    await world.store.run("UPDATE escalations SET status = 'queued', claimed_by = NULL, claimed_at = NULL WHERE id = 'esc_201'");
    const page = await people.cora.get('/audit?verify=1');
    // Put the row back whole (its claim time too, which audit verify holds), for the tests after this one.
    await world.store.run("UPDATE escalations SET status = 'claimed', claimed_by = 'bob', claimed_at = $claimed_at::TIMESTAMPTZ WHERE id = 'esc_201'", { claimed_at });
    expect(page.html).toContain('<strong>The audit log does not account for 1 escalation(s):</strong>');
    expect(page.html).toMatch(/<li>escalation esc_201 has status &quot;queued&quot; in the store, but its last audit entry \(\d+\) leaves it &quot;\w+&quot;<\/li>/);
  });

  it('names a user whose role was raised outside kt', async () => {
    await world.store.run("UPDATE users SET role = 'admin', teams = []::VARCHAR[] WHERE id = 'bob'");
    const page = await people.cora.get('/audit?verify=1');
    await world.store.run("UPDATE users SET role = 'reviewer', teams = ['sales'] WHERE id = 'bob'");
    expect(page.html).toContain('<strong>The audit log does not account for 1 user(s):</strong>');
    expect(page.html).toMatch(/<li>user bob has role admin in the store, but its last audit entry \(\d+\) leaves it reviewer<\/li>/);
  });

  it('refuses to verify the chain for a compliance officer of one team, on the page and over the API', async () => {
    const total = (await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM audit'))!.n;
    const refusal = /^Verifying the audit chain reads every team&#x27;s entries; sam is limited to sales\./;
    const page = await people.sam.get('/audit?verify=1');
    expect(page.status).toBe(403);
    expect(refusalOf(page.html)).toMatch(refusal);
    expect(page.html).not.toContain('The chain verifies');
    expect(page.html).not.toMatch(/entries recomputed/);
    expect(rowsOf(page.html).map((r) => r.slice(1))).toEqual([['bob', 'Claimed', 'esc_201'], ['test', 'Imported', 'esc_201']]);
    expect((await people.sam.get('/audit')).html).not.toContain('Verify the chain');
    expect((await people.cora.get('/audit')).html).toContain('Verify the chain');

    const api = await app.request('http://localhost/api/audit/verify', { headers: { authorization: `Bearer ${samToken}` } });
    expect(api.status).toBe(403);
    const body = (await api.json()) as { error: { code: string; message: string }; entries?: number; head?: string };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toMatch(/^Verifying the audit chain reads every team's entries; sam is limited to sales\./);
    expect(body).not.toHaveProperty('entries');
    const unlimited = await app.request('http://localhost/api/audit/verify', { headers: { authorization: `Bearer ${coraToken}` } });
    expect(await unlimited.json()).toMatchObject({ ok: true, entries: total });
  });

  it('recomputes the chain on request, and names the entry someone changed', async () => {
    const total = (await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM audit'))!.n;
    const ok = await people.cora.get('/audit?verify=1');
    expect(ok.html).toContain(`<strong>The chain verifies:</strong> all ${total} entries recomputed in order`);
    await world.store.run("UPDATE audit SET actor = 'mallory' WHERE seq = 12");
    const broken = await people.cora.get('/audit?verify=1');
    expect(broken.html).toContain('<strong>The chain is broken at entry 12:</strong> its content does not match its hash (changed after it was written). The 11 entries before it verify.');
  });
});
