import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { PageClient, csrfOf, fieldErrorOf, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

let world: WebWorld;
let app: ReturnType<typeof createApp>;
let alice: PageClient;
let dave: PageClient;
let bob: PageClient;
let pat: PageClient;
let root: PageClient;

beforeAll(async () => {
  world = await openWebWorld();
  app = createApp(world.store);
  alice = new PageClient(app);
  dave = new PageClient(app);
  bob = new PageClient(app);
  pat = new PageClient(app);
  await alice.signIn(world.tokens.alice);
  await dave.signIn(world.tokens.dave);
  await bob.signIn(world.tokens.bob);
  await pat.signIn(world.tokens.pat);
  root = new PageClient(app);
  await root.signIn(world.tokens.root);
});
afterAll(() => world.close());

const idsOf = (html: string) => [...html.matchAll(/class="mono qi-id">([^<]+)</g)].map((m) => m[1]);
const statusOf = async (id: string) => (await world.store.one<{ status: string; claimed_by: string | null }>('SELECT status, claimed_by FROM escalations WHERE id = $id', { id }))!;

async function resolveForm(client: PageClient, id: string, fields: Record<string, string>) {
  const page = await client.get(`/escalations/${id}`);
  return client.post(`/escalations/${id}/resolve`, { _csrf: csrfOf(page.html), ...fields });
}

describe('queue page', () => {
  it('lists the open work of the reviewer’s teams, oldest first, with counts per status', async () => {
    const page = await alice.get('/');
    expect(idsOf(page.html)).toEqual(['esc_101', 'esc_107', 'esc_102', 'esc_106']);
    expect(page.html).toMatch(/Queued <span class="count">4<\/span>/);
    expect(page.html).toMatch(/Resolved <span class="count">2<\/span>/);
    expect(page.html).not.toContain('esc_201');
  });

  it('filters by reason code, config version, owner and overdue', async () => {
    expect(idsOf((await alice.get('/?status=&reason_code=pii_detected')).html)).toEqual(['esc_106']);
    expect(idsOf((await alice.get('/?status=&config_version=2.2.0')).html)).toEqual(['esc_107']);
    expect(idsOf((await alice.get('/?status=&show=mine')).html)).toEqual(['esc_104', 'esc_103']);
    expect(idsOf((await alice.get('/?show=overdue&status=')).html)).toEqual(['esc_101', 'esc_106']);
    expect(idsOf((await alice.get('/?show=unclaimed&status=resolved')).html)).toEqual(['esc_101', 'esc_107', 'esc_102', 'esc_106']);
  });

  it('lists the reviewer’s claimed items for “Claimed by me” under the form’s first status, queued', async () => {
    // The form starts at status Queued; a queued item has no owner, so this list was always empty.
    for (const path of ['/?show=mine', '/?status=queued&show=mine']) {
      const page = await alice.get(path);
      expect(idsOf(page.html)).toEqual(['esc_103']);
      expect(page.html).toMatch(/<option value="claimed" selected>/);
      expect(page.html).toMatch(/class="tab is-current" aria-current="page">\s*Claimed/);
      // No Queued tab to pick: none of the reviewer's own items can be queued.
      expect(page.html).not.toMatch(/class="tab[^"]*"[^>]*>\s*Queued/);
      expect(page.html).toContain('href="/?status&#x3D;resolved&amp;show&#x3D;mine" class="tab"');
    }
  });

  it('offers “Claimed by me” only to roles that claim', async () => {
    expect((await alice.get('/')).html).toContain('<option value="mine">Claimed by me</option>');
    expect((await root.get('/')).html).toContain('<option value="mine">Claimed by me</option>');
    const owner = await pat.get('/');
    expect(owner.html).toContain('<option value="unclaimed">Unclaimed</option>');
    expect(owner.html).not.toContain('Claimed by me');
  });

  it('refuses a filter the reviewer may not use with a page, not JSON', async () => {
    const page = await alice.get('/?team=sales');
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refusalOf(page.html)).toBe('You may not see team sales; your teams are support.');
    const bad = await alice.get('/?status=bogus');
    expect(bad.status).toBe(400);
    expect(refusalOf(bad.html)).toContain('status');
  });

  it('shows the queue without a team no event belongs to, saying so on the page beside the team menu', async () => {
    const teams = 'Unknown team suport: no event belongs to it; the teams are sales, support.';
    const page = await root.get('/?status=&team=suport&reason_code=pii_detected');
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refusalOf(page.html)).toBe(`${teams} The queue is shown for all your teams.`);
    expect(fieldErrorOf(page.html, 'f-team')).toBe('No event belongs to team suport; choose one from the list.');
    // The other filters are kept; the page's links no longer carry the team.
    expect(idsOf(page.html)).toEqual(['esc_106']);
    expect(page.html).toMatch(/<option value="pii_detected" selected>/);
    expect(page.html).not.toContain('suport&');
    // With another filter it cannot read, both are said; a page link of the misspelt team starts again at the first page.
    const cursor = Buffer.from(JSON.stringify({ sort: 'age', key: 0, id: 'esc_101' })).toString('base64url');
    const both = await root.get(`/?status=all&team=suport&cursor=${cursor}&page=2`);
    expect(both.status).toBe(400);
    expect(refusalOf(both.html)).toBe(`A filter in the link was not understood and is left out: status must be one of queued, claimed, resolved (or empty for any status). ${teams} The queue is shown for all your teams.`);
    expect(both.html).not.toContain('First page');
    // A reviewer naming a team not theirs is still refused access, whether or not it exists.
    expect((await alice.get('/?team=suport')).status).toBe(403);
  });

  it('shows the queue without a filter it cannot read, saying which and what it takes, the other filters kept', async () => {
    // An old bookmark's status=all: the queue of every status, filtered on the reason code as asked.
    const page = await alice.get('/?status=all&reason_code=pii_detected&sort=newest');
    expect(page.status).toBe(400);
    expect(refusalOf(page.html)).toBe('A filter in the link was not understood and is left out: status must be one of queued, claimed, resolved (or empty for any status); sort must be age or due.');
    expect(idsOf(page.html)).toEqual(['esc_106']);
    expect(page.html).toMatch(/<option value="pii_detected" selected>/);
    // A page link that kt did not give out: the first page, and why.
    const stale = await alice.get('/?status=&cursor=not-a-cursor&page=3');
    expect(stale.status).toBe(400);
    expect(refusalOf(stale.html)).toBe('A filter in the link was not understood and is left out: the page link is not one kt gave out, so this is the first page.');
    expect(idsOf(stale.html).sort()).toEqual(['esc_101', 'esc_102', 'esc_103', 'esc_104', 'esc_105', 'esc_106', 'esc_107']);
    expect(stale.html).not.toContain('First page');
    // Both at once: one sentence names everything left out, not one sentence each.
    const both = await alice.get('/?status=all&cursor=not-a-cursor&page=3');
    expect(refusalOf(both.html)).toBe('A filter in the link was not understood and is left out: status must be one of queued, claimed, resolved (or empty for any status); the page link is not one kt gave out, so this is the first page.');
  });
});

describe('escalation page and actions', () => {
  it('says the pattern’s status counts hold this escalation too, so they add up with “N other”', async () => {
    const page = await alice.get('/escalations/esc_101');
    expect(page.html).toMatch(/<strong>4<\/strong> other escalations\s+share this policy/);
    const byStatus = page.html.match(/By status, this one included<\/h3>\s*<ul class="bars">([\s\S]*?)<\/ul>/)?.[1] ?? '';
    const counts = [...byStatus.matchAll(/class="bar-n">(\d+)</g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('says when an item arrived already claimed by routing', async () => {
    const page = await alice.get('/escalations/esc_103');
    expect(page.html).toContain('arrived already claimed by <strong>you</strong> through escalation routing');
    expect(page.html).toContain('id="resolve-form"');
    const other = await dave.get('/escalations/esc_103');
    expect(other.html).toContain('arrived already claimed by <strong>alice</strong>');
    expect(other.html).not.toContain('id="resolve-form"');
  });

  it('refuses a form POST with a wrong CSRF token or from another site, changing nothing', async () => {
    const forged = await alice.post('/escalations/esc_107/claim', { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(refusalOf(forged.html)).toContain('did not come from this kt page');
    const page = await alice.get('/escalations/esc_107');
    const crossSite = await alice.post('/escalations/esc_107/claim', { _csrf: csrfOf(page.html) }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(refusalOf(crossSite.html)).toContain('sent from another site');
    expect((await statusOf('esc_107')).status).toBe('queued');
  });

  it('names who claimed an item first', async () => {
    const page = await dave.get('/escalations/esc_103');
    const response = await dave.post('/escalations/esc_103/claim', { _csrf: csrfOf(page.html) });
    expect(response.status).toBe(409);
    expect(refusalOf(response.html)).toBe('Escalation esc_103 is already claimed by alice.');
    // Unclaiming someone else's item is for admins only.
    const unclaim = await dave.post('/escalations/esc_103/unclaim', { _csrf: csrfOf(page.html) });
    expect(unclaim.status).toBe(403);
    expect(refusalOf(unclaim.html)).toContain('only they or an admin may unclaim it');
  });

  it('refuses to resolve without a real note, a cause for a false positive, or the confirmation', async () => {
    const queued = await resolveForm(alice, 'esc_107', { outcome: 'approved', category: 'benign_positive', note: 'A harmless tmux question about sessions.', confirm: 'yes' });
    expect(queued.status).toBe(409);
    expect(refusalOf(queued.html)).toContain('claim it before resolving it');

    const empty = await resolveForm(alice, 'esc_103', { outcome: 'approved', category: 'benign_positive', note: '   ', confirm: 'yes' });
    expect(empty.status).toBe(400);
    expect(refusalOf(empty.html)).toContain('Note is empty');
    const short = await resolveForm(alice, 'esc_103', { outcome: 'approved', category: 'benign_positive', note: 'ok fine', confirm: 'yes' });
    expect(refusalOf(short.html)).toContain('Note is too short');
    const noCause = await resolveForm(alice, 'esc_103', { outcome: 'approved', category: 'false_positive', note: 'Thread handling in Java, not violence at all.', confirm: 'yes' });
    expect(refusalOf(noCause.html)).toContain('A false positive needs a cause');
    const noChoice = await resolveForm(alice, 'esc_103', { note: 'Thread handling in Java, not violence at all.', confirm: 'yes' });
    expect(refusalOf(noChoice.html)).toContain('Choose an outcome');
    expect(refusalOf(noChoice.html)).toContain('Choose a category.');
    const unconfirmed = await resolveForm(alice, 'esc_103', { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'Thread handling in Java, not violence at all.' });
    expect(unconfirmed.status).toBe(400);
    expect(refusalOf(unconfirmed.html)).toContain('Tick the box to confirm');
    // The draft survives the refusal.
    expect(unconfirmed.html).toContain('Thread handling in Java, not violence at all.</textarea>');
    expect((await statusOf('esc_103')).status).toBe('claimed');
  });

  it('resolves with outcome, category, cause and note, then shows the decision and refuses a second resolve', async () => {
    const note = 'Thread handling in Java, not violence: "kill" names a thread operation.';
    const done = await resolveForm(alice, 'esc_103', { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', follow_up: 'policy_tuning', note, confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/escalations/esc_103?done=resolved');
    const row = await world.store.one<Record<string, string>>('SELECT status, resolved_by, outcome, category, cause, note, follow_up FROM escalations WHERE id = $id', { id: 'esc_103' });
    expect(row).toEqual({ status: 'resolved', resolved_by: 'alice', outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note, follow_up: 'policy_tuning' });
    const view = await dave.get('/escalations/esc_103');
    expect(view.html).toContain('Approved — the interaction was fine');
    expect(view.html).toContain('Policy logic — the rule is too broad; tune it');
    expect(view.html).toContain('Thread handling in Java, not violence: &quot;kill&quot; names a thread operation.');
    expect(view.html).toMatch(/<span class="audit-action audit-resolve">Resolved<\/span>\s*<span class="audit-actor">alice<\/span>/);
    expect(view.html).toMatch(/<span class="audit-action audit-route">Routed \(arrived claimed\)<\/span>/);
    const again = await resolveForm(alice, 'esc_103', { outcome: 'denied', category: 'true_positive', note: 'Changing my mind about this one later.', confirm: 'yes' });
    expect(again.status).toBe(409);
    expect(refusalOf(again.html)).toContain('already resolved by alice; resolved is final');
  });

  it('gives a reviewer of another team a not-found page that shows nothing of the item', async () => {
    const page = await bob.get('/escalations/esc_101');
    expect(page.status).toBe(404);
    expect(refusalOf(page.html)).toBe('No escalation esc_101. It may not exist, or it belongs to a team you do not review.');
    expect(page.html).not.toContain('python process');
    const claim = await bob.post('/escalations/esc_101/claim', { _csrf: csrfOf(page.html) });
    expect(claim.status).toBe(404);
    expect((await statusOf('esc_101')).status).toBe('queued');
  });

  it('lets a policy owner read items but not act on them', async () => {
    const page = await pat.get('/escalations/esc_101');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('/claim"');
    // Handlebars writes = and & as entities; the browser reads them back.
    expect(page.html).toContain('href="/reports/false-positives?config_id&#x3D;cfg_support_prod&amp;by&#x3D;team&amp;format&#x3D;html"');
    const report = await pat.get('/reports/false-positives?config_id=cfg_support_prod&by=team&format=html');
    expect(report.status).toBe(200);
    const claim = await pat.post('/escalations/esc_101/claim', { _csrf: csrfOf(page.html) });
    expect(claim.status).toBe(403);
    expect(refusalOf(claim.html)).toContain('may read escalations but not claim');
  });
});

describe('a path with no page', () => {
  it('answers a browser with a not-found page under its top bar, and a script or /api path with the JSON error', async () => {
    const page = await alice.get('/escalation/esc_101');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refusalOf(page.html)).toBe('There is no page at /escalation/esc_101.');
    expect(page.html).toContain('<strong class="who-id">alice</strong>');
    const signedOut = await new PageClient(app).get('/nope');
    expect(signedOut.status).toBe(404);
    expect(refusalOf(signedOut.html)).toBe('There is no page at /nope.');
    const script = await app.request('/nope');
    expect(await script.json()).toMatchObject({ error: { code: 'not_found', message: 'No such route: GET /nope' } });
    const api = await app.request('/api/nope', { headers: { authorization: `Bearer ${world.tokens.pat}`, accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('reassigning from the item page', () => {
  const choicesOf = (html: string) => [...(html.match(/<select id="reassign-to" name="to"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);

  it('lets an admin hand an open item to a reviewer of its team, offering only those the server accepts', async () => {
    const page = await root.get('/escalations/esc_102');
    // Support's reviewers and the admin; not bob (sales) nor pat (policy owner).
    expect(choicesOf(page.html)).toEqual(['alice', 'dave', 'root']);
    expect(page.html).toContain('<label for="reassign-to">Hand it to (admin)</label>');
    const done = await root.post('/escalations/esc_102/reassign', { _csrf: csrfOf(page.html), to: 'dave' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/escalations/esc_102?done=reassigned');
    expect(await statusOf('esc_102')).toMatchObject({ status: 'claimed', claimed_by: 'dave' });
    const after = await root.get('/escalations/esc_102?done=reassigned');
    expect(after.html).toContain('Reassigned. The new owner finds it claimed by them in their queue');
    // The current owner is not offered again.
    expect(choicesOf(after.html)).toEqual(['alice', 'root']);
  });

  it('refuses on the page: no one chosen, someone who may not see the team, or a reviewer asking', async () => {
    const page = await root.get('/escalations/esc_101');
    const none = await root.post('/escalations/esc_101/reassign', { _csrf: csrfOf(page.html), to: '' });
    expect(none.status).toBe(400);
    expect(refusalOf(none.html)).toBe('Choose whom to hand it to.');
    expect(none.html).toContain('aria-describedby="reassign-to-hint reassign-to-error"');
    const stranger = await root.post('/escalations/esc_101/reassign', { _csrf: csrfOf(page.html), to: 'bob' });
    expect(stranger.status).toBe(400);
    expect(refusalOf(stranger.html)).toBe('Cannot reassign to bob: they may not see team support.');
    expect(fieldErrorOf(stranger.html, 'reassign-to')).toMatch(/Cannot reassign to bob: they may not see team support\.$/);
    expect((await statusOf('esc_101')).status).toBe('queued');
    const own = await alice.get('/escalations/esc_101');
    expect(own.html).not.toContain('/reassign"');
    const asked = await alice.post('/escalations/esc_101/reassign', { _csrf: csrfOf(own.html), to: 'alice' });
    expect(asked.status).toBe(403);
    expect(refusalOf(asked.html)).toBe('Your role reviewer may not reassign escalations; an admin can.');
  });

  it('keeps the note of a resolution refused because the item was handed to someone else meanwhile', async () => {
    const open = await alice.get('/escalations/esc_106');
    expect((await alice.post('/escalations/esc_106/claim', { _csrf: csrfOf(open.html) })).status).toBe(303);
    const mine = await alice.get('/escalations/esc_106');
    const admin = await root.get('/escalations/esc_106');
    expect((await root.post('/escalations/esc_106/reassign', { _csrf: csrfOf(admin.html), to: 'dave' })).status).toBe(303);
    const note = 'Real card number in the chat; denied and the agent reminded to mask it.';
    const refused = await alice.post('/escalations/esc_106/resolve', { _csrf: csrfOf(mine.html), outcome: 'denied', category: 'true_positive', note, confirm: 'yes' });
    expect(refused.status).toBe(403);
    expect(refusalOf(refused.html)).toBe('Escalation esc_106 is claimed by dave; only its owner may resolve it.');
    expect(refused.html).not.toContain('id="resolve-form"');
    expect(refused.html).toMatch(/<label for="unsaved-note">Your note, not saved<\/label>\s*<textarea id="unsaved-note"[^>]*readonly[^>]*>Real card number in the chat; denied and the agent reminded to mask it\.<\/textarea>/);
    // Only a refused note is shown: the page as opened has none.
    expect((await alice.get('/escalations/esc_106')).html).not.toContain('unsaved-note');
  });
});
