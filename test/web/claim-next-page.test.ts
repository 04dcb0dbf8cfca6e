import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { PageClient, csrfOf, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

let world: WebWorld;
let app: ReturnType<typeof createApp>;
let alice: PageClient;
let pat: PageClient;

beforeAll(async () => {
  world = await openWebWorld();
  app = createApp(world.store);
  alice = new PageClient(app);
  pat = new PageClient(app);
  await alice.signIn(world.tokens.alice);
  await pat.signIn(world.tokens.pat);
});
afterAll(() => world.close());

const ownerOf = async (id: string) => (await world.store.one<{ claimed_by: string | null }>('SELECT claimed_by FROM escalations WHERE id = $id', { id }))?.claimed_by;
/** The hidden fields of the queue's "Claim the next one" form. */
function hidden(html: string): Record<string, string> {
  const form = /<form method="post" action="\/claim-next"[\s\S]*?<\/form>/.exec(html)![0];
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
}

describe('“Claim the next one” in the web UI', () => {
  it('is offered on the queue with the filters applied, to the roles that claim', async () => {
    const queue = await alice.get('/?policy=pii-detector&show=overdue&sort=due');
    expect(queue.html).toContain('Claim the next one');
    expect(queue.html).toContain('The soonest due queued one matching these filters, opened for you.');
    const fields = hidden(queue.html);
    expect(fields).toMatchObject({ policy: 'pii-detector', show: 'overdue', sort: 'due' });
    expect(fields).not.toHaveProperty('team');
    expect((await pat.get('/')).html).not.toContain('action="/claim-next"');
  });

  it('claims the next queued item that matches and opens it; with none left, says so on the queue', async () => {
    const queue = await alice.get('/?reason_code=pii_detected');
    const claimed = await alice.post('/claim-next', { ...hidden(queue.html), _csrf: csrfOf(queue.html) });
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get('location')).toBe('/escalations/esc_106?done=claimed&reason_code=pii_detected');
    expect(await ownerOf('esc_106')).toBe('alice');

    const again = await alice.post('/claim-next', { reason_code: 'pii_detected', sort: 'age', _csrf: csrfOf(queue.html) });
    expect(again.headers.get('location')).toBe('/?reason_code=pii_detected&done=none_left');
    const none = await alice.get(again.headers.get('location')!);
    expect(none.html).toContain('Nothing left to claim: no queued escalation matches these filters.');
    // Only kt's own notices are shown: a made-up one, or an object's own key, says nothing.
    for (const done of ['x', '__proto__', 'constructor']) expect((await alice.get(`/?done=${done}`)).html).not.toContain('message-notice');
  });

  it('without filters takes the oldest of the reviewer’s teams, and is offered again once an item is resolved', async () => {
    const page = await alice.get('/');
    const claimed = await alice.post('/claim-next', { _csrf: csrfOf(page.html) });
    expect(claimed.headers.get('location')).toBe('/escalations/esc_101?done=claimed');
    // esc_104 is resolved: its page offers the next one.
    const resolved = await alice.get('/escalations/esc_104');
    expect(resolved.html).toMatch(/<form method="post" action="\/claim-next"/);
    expect((await pat.get('/escalations/esc_104')).html).not.toMatch(/action="\/claim-next"/);
  });

  it('resolves and claims the next one in one send, until nothing is left', async () => {
    const decide = async (id: string) => {
      const page = await alice.get(`/escalations/${id}`);
      expect(page.html).toContain('<button type="submit" name="then" value="next" class="button">Resolve and claim the next one</button>');
      return alice.post(`/escalations/${id}/resolve`, {
        _csrf: csrfOf(page.html), outcome: 'approved', category: 'benign_positive', note: 'Process control in a shell, nothing violent here.', confirm: 'yes', then: 'next',
      });
    };
    // esc_103 is alice's already; the oldest still queued in support are esc_107, then esc_102.
    expect((await decide('esc_103')).headers.get('location')).toBe('/escalations/esc_107?done=resolved_next');
    const next = await alice.get('/escalations/esc_107?done=resolved_next');
    expect(next.html).toContain('This is the next, claimed for you.');
    expect(await ownerOf('esc_107')).toBe('alice');
    expect((await decide('esc_107')).headers.get('location')).toBe('/escalations/esc_102?done=resolved_next');
    expect((await decide('esc_102')).headers.get('location')).toBe('/escalations/esc_102?done=resolved_none');
    const statuses = await world.store.all<{ id: string; status: string }>("SELECT id, status FROM escalations WHERE id IN ('esc_103', 'esc_107', 'esc_102') ORDER BY id");
    expect(statuses.map((r) => r.status)).toEqual(['resolved', 'resolved', 'resolved']);
    // A refused resolution claims nothing: the form comes back with its message.
    const page = await alice.get('/escalations/esc_106');
    const refused = await alice.post('/escalations/esc_106/resolve', { _csrf: csrfOf(page.html), outcome: 'approved', category: 'benign_positive', note: 'ok', then: 'next' });
    expect(refused.status).toBe(400);
    expect(await world.store.one("SELECT count(*)::INTEGER AS n FROM escalations WHERE status = 'queued' AND event_team = 'support'")).toEqual({ n: 0 });
  });

  it('refuses a team the reviewer may not see, and a policy owner, changing nothing', async () => {
    const page = await alice.get('/');
    const foreign = await alice.post('/claim-next', { team: 'sales', _csrf: csrfOf(page.html) });
    expect(foreign.status).toBe(403);
    expect(refusalOf(foreign.html)).toMatch(/team sales/);
    expect(await ownerOf('esc_201')).toBeNull();
    const patPage = await pat.get('/');
    const owner = await pat.post('/claim-next', { _csrf: csrfOf(patPage.html) });
    expect(owner.status).toBe(403);
    expect(refusalOf(owner.html)).toMatch(/policy_owner may read escalations but not claim/);
  });
});
