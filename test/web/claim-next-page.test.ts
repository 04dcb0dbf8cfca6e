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
    expect(claimed.headers.get('location')).toBe('/escalations/esc_106?done=claimed');
    expect(await ownerOf('esc_106')).toBe('alice');

    const again = await alice.post('/claim-next', { reason_code: 'pii_detected', sort: 'age', _csrf: csrfOf(queue.html) });
    expect(again.headers.get('location')).toBe('/?status=queued&reason_code=pii_detected&done=none_left');
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
