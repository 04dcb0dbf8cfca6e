import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { PageClient, csrfOf, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

let world: WebWorld;
let alice: PageClient;

beforeAll(async () => {
  world = await openWebWorld();
  alice = new PageClient(createApp(world.store));
  await alice.signIn(world.tokens.alice);
});
afterAll(() => world.close());

const decode = (text: string) => text.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
const statusOf = async (id: string) => (await world.store.one<{ status: string; claimed_by: string | null }>('SELECT status, claimed_by FROM escalations WHERE id = $id', { id }))!;
/** The hidden fields of the first form posting to `action`, the CSRF token aside. */
function hiddenOf(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form method="post" action="${action.replaceAll('/', '\\/')}"[\\s\\S]*?</form>`).exec(html)![0];
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, decode(m[2]!)]);
  return Object.fromEntries(fields.filter(([name]) => name !== '_csrf'));
}
const breadcrumbOf = (html: string) => decode(/<nav class="breadcrumb"[^>]*><a href="([^"]+)">([^<]+)<\/a>/.exec(html)!.slice(1).join(' '));
const noticeOf = (html: string) => /class="message message-notice"[^>]*><p>([^<]*)<\/p>/.exec(html)?.[1];

/** Resolves an item alice holds, from its page as opened, and asks for the next one. */
async function resolveThenNext(href: string) {
  const page = await alice.get(href);
  const id = /\/escalations\/([^?]+)/.exec(href)![1]!;
  return alice.post(`/escalations/${id}/resolve`, {
    ...hiddenOf(page.html, `/escalations/${id}/resolve`), _csrf: csrfOf(page.html),
    outcome: 'approved', category: 'benign_positive', note: 'Process control in a shell, nothing violent here.', confirm: 'yes', then: 'next',
  });
}

describe('the queue a reviewer works through, kept from item to item', () => {
  it('travels from the queue into each item, its forms and its way back', async () => {
    const queue = await alice.get('/?config_version=2.3.0&sort=due');
    const hrefs = [...queue.html.matchAll(/<h3 class="qi-title"><a href="([^"]+)"/g)].map((m) => decode(m[1]!));
    expect(hrefs).toContain('/escalations/esc_101?config_version=2.3.0&sort=due');
    // A first visit's queue adds nothing to the links.
    expect((await alice.get('/')).html).toContain('<a href="/escalations/esc_101">');

    const item = await alice.get('/escalations/esc_101?config_version=2.3.0&sort=due');
    expect(item.status).toBe(200);
    expect(breadcrumbOf(item.html)).toBe('/?config_version=2.3.0&sort=due Queue (filtered)');
    expect(hiddenOf(item.html, '/escalations/esc_101/claim')).toEqual({ config_version: '2.3.0', sort: 'due' });

    const claimed = await alice.post('/escalations/esc_101/claim', { ...hiddenOf(item.html, '/escalations/esc_101/claim'), _csrf: csrfOf(item.html) });
    expect(claimed.headers.get('location')).toBe('/escalations/esc_101?done=claimed&config_version=2.3.0&sort=due');
    const mine = await alice.get(claimed.headers.get('location')!);
    expect(hiddenOf(mine.html, '/escalations/esc_101/resolve')).toEqual({ config_version: '2.3.0', sort: 'due' });
    expect(hiddenOf(mine.html, '/escalations/esc_101/unclaim')).toEqual({ config_version: '2.3.0', sort: 'due' });
    // The quick decisions reload the page: in the same queue.
    expect(decode(mine.html)).toContain('href="/escalations/esc_101?config_version=2.3.0&sort=due&quick=approve#resolve-form"');

    const unclaimed = await alice.post('/escalations/esc_101/unclaim', { ...hiddenOf(mine.html, '/escalations/esc_101/unclaim'), _csrf: csrfOf(mine.html) });
    expect(unclaimed.headers.get('location')).toBe('/escalations/esc_101?done=unclaimed&config_version=2.3.0&sort=due');
    expect((await statusOf('esc_101')).status).toBe('queued');
  });

  it('takes each next one from that queue, and says when it holds no more', async () => {
    // Config version 2.3.0, oldest first: esc_101 (30 h), esc_102 (5 h), esc_106 (2 h); esc_107 (26 h) is 2.2.0.
    const queue = await alice.get('/?config_version=2.3.0');
    expect(hiddenOf(queue.html, '/claim-next')).toEqual({ config_version: '2.3.0' });
    const first = await alice.post('/claim-next', { ...hiddenOf(queue.html, '/claim-next'), _csrf: csrfOf(queue.html) });
    expect(first.headers.get('location')).toBe('/escalations/esc_101?done=claimed&config_version=2.3.0');

    const second = await resolveThenNext('/escalations/esc_101?config_version=2.3.0');
    expect(second.headers.get('location')).toBe('/escalations/esc_102?done=resolved_next&config_version=2.3.0');
    const third = await resolveThenNext(second.headers.get('location')!);
    expect(third.headers.get('location')).toBe('/escalations/esc_106?done=resolved_next&config_version=2.3.0');
    const none = await resolveThenNext(third.headers.get('location')!);
    expect(none.headers.get('location')).toBe('/escalations/esc_106?done=resolved_none_filtered&config_version=2.3.0');

    const last = await alice.get(none.headers.get('location')!);
    expect(noticeOf(last.html)).toMatch(/Nothing is left to claim that matches your queue’s filters\.$/);
    // Its "Claim the next one" still asks within that queue, and says so.
    expect(hiddenOf(last.html, '/claim-next')).toEqual({ config_version: '2.3.0' });
    expect(last.html).toContain('The oldest queued escalation matching the queue you came from, opened for you.');
    // The item of another version was never taken.
    expect(await statusOf('esc_107')).toEqual({ status: 'queued', claimed_by: null });
  });

  it('leaves out and names a garbled queue in a link, and refuses one in a form, changing nothing', async () => {
    const page = await alice.get('/escalations/esc_107?sort=sideways&policy=human-oversight');
    expect(page.status).toBe(400);
    expect(refusalOf(page.html)).toBe('A filter in the link was not understood and is left out: sort must be age or due.');
    expect(breadcrumbOf(page.html)).toBe('/?policy=human-oversight Queue (filtered)');

    const claim = await alice.post('/claim-next', { sort: 'sideways', _csrf: csrfOf(page.html) });
    expect(claim.status).toBe(400);
    expect(refusalOf(claim.html)).toBe('Nothing claimed: a filter of the form could not be read (sort must be age or due).');
    expect(await statusOf('esc_107')).toEqual({ status: 'queued', claimed_by: null });

    await alice.post('/escalations/esc_107/claim', { _csrf: csrfOf(page.html) });
    const note = 'A tmux session is a terminal program, not a person.';
    const refused = await alice.post('/escalations/esc_107/resolve', {
      _csrf: csrfOf(page.html), outcome: 'approved', category: 'benign_positive', note, confirm: 'yes', then: 'next', team: 'x'.repeat(201),
    });
    expect(refused.status).toBe(400);
    expect(refusalOf(refused.html)).toMatch(/^Not resolved yet: a filter of the queue you came from could not be read \(team is too long\)/);
    expect(refused.html).toContain(note);
    expect(await statusOf('esc_107')).toEqual({ status: 'claimed', claimed_by: 'alice' });
  });
});
