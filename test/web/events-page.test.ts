import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/store/users.js';
import { fieldErrorOf, PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// The events page: every role reads the gateway's decisions of their teams, newest first,
// filtered as kt events tail is, with a count per verdict and each escalated event linked.

let world: WebWorld;
let app: ReturnType<typeof createApp>;
const people: Record<'alice' | 'bob' | 'pat', PageClient> = {} as never;
const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

beforeAll(async () => {
  world = await openWebWorld(now);
  // Beside the world's escalated events: support traffic that was allowed (60 of them, to page),
  // one blocked with policy results and an unknown field, and a sales one blocked.
  for (let i = 0; i < 60; i++) {
    await world.store.run(
      `INSERT INTO events (id, "timestamp", verdict, policy, config_id, config_version, team, request)
       VALUES ($id, $ts::TIMESTAMPTZ, 'allow', NULL, 'cfg_support_prod', '2.3.0', 'support', $request)`,
      { id: `evt_ok_${String(i).padStart(2, '0')}`, ts: hoursAgo(10 + i / 10), request: `Routine question number ${i}` },
    );
  }
  await world.store.run(
    `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, team, request, response, policy_results, attributes)
     VALUES ('evt_blk_1', $ts::TIMESTAMPTZ, 'block', 'pii_detected', 'pii-detector', 'cfg_support_prod', '2.3.0', 'support',
       'My card is 4111 <script>alert(1)</script>', 'Refused.', $results::JSON, $attributes::JSON)`,
    { ts: hoursAgo(1), results: JSON.stringify([{ policy: 'pii-detector', phase: 'input', verdict: 'block', reason_code: 'pii_detected', score: 0.97 }]), attributes: JSON.stringify({ region: 'eu-west' }) },
  );
  await world.store.run(
    `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, team, request)
     VALUES ('evt_blk_sales', $ts::TIMESTAMPTZ, 'block', 'pii_detected', 'pii-detector', 'sales', 'Sales secret')`,
    { ts: hoursAgo(1.5) },
  );
  const patToken = world.tokens.pat;
  await createUser(world.store, { id: 'noone', role: 'reviewer', teams: ['nowhere'] }, 'test');
  app = createApp(world.store);
  for (const [who, token] of Object.entries({ alice: world.tokens.alice, bob: world.tokens.bob, pat: patToken })) {
    people[who as keyof typeof people] = new PageClient(app);
    await people[who as keyof typeof people].signIn(token);
  }
});
afterAll(() => world.close());

/** The event ids of the page's table, top to bottom. */
const idsOf = (html: string) => [...html.matchAll(/<tr id="(evt_[^"]+)">/g)].map((m) => m[1]!);
/** The verdict tabs: [text, count, current]. */
const tabsOf = (html: string) =>
  [...html.matchAll(/<a href="[^"]*" class="tab( is-current)?"[^>]*>\s*(\w+) <span class="count">([\d,]+)<\/span><\/a>/g)]
    .map((m) => [m[2], Number(m[3]!.replaceAll(',', '')), m[1] !== undefined] as const);
const unescape = (href: string) => href.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
const hrefsOf = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => unescape(m[1]!));
const hrefOf = (html: string, text: string) => html.match(new RegExp(`<a class="button" href="([^"]+)">${text}</a>`))?.[1]?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

describe('events page', () => {
  it('is in the top bar for every role, reviewers too', async () => {
    const page = await people.alice.get('/events');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/events" aria-current="page">Events<\/a>/);
    expect((await people.alice.get('/')).html).toContain('<a href="/events">Events</a>');
    // A reviewer has no reports: the top bar does not offer them.
    expect((await people.alice.get('/')).html).not.toContain('href="/reports"');
    expect((await people.pat.get('/')).html).toContain('href="/reports"');
    expect((await new PageClient(app).get('/events')).headers.get('location')).toBe('/login?next=%2Fevents');
  });

  it('lists the newest events of the caller\'s teams first, 50 a page, with a count per verdict', async () => {
    const page = await people.alice.get('/events');
    const ids = idsOf(page.html);
    expect(ids).toHaveLength(50);
    expect(ids.slice(0, 3)).toEqual(['evt_blk_1', 'evt_106', 'evt_103']);
    expect(ids).not.toContain('evt_blk_sales');
    expect(ids).not.toContain('evt_201');
    // Support: 7 escalated, 60 allowed, 1 blocked.
    expect(tabsOf(page.html)).toEqual([['All', 68, true], ['Allowed', 60, false], ['Blocked', 1, false], ['Redacted', 0, false], ['Escalated', 7, false]]);
    expect(page.html).toContain('The newest 50 of 68 matching events');
    // Show more: the next 50 on the same filters, and then no more to show.
    const more = hrefOf(page.html, 'Show 50 more');
    expect(more).toBe('/events?limit=100');
    const all = await people.alice.get(more!);
    expect(idsOf(all.html)).toHaveLength(68);
    expect(idsOf(all.html).slice(0, 50)).toEqual(ids);
    expect(hrefOf(all.html, 'Show 50 more')).toBeUndefined();

    const bobs = await people.bob.get('/events');
    expect(idsOf(bobs.html)).toEqual(['evt_blk_sales', 'evt_201']);
    const pats = await people.pat.get('/events?verdict=block');
    expect(idsOf(pats.html)).toEqual(['evt_blk_1', 'evt_blk_sales']);
    expect(tabsOf(pats.html)[2]).toEqual(['Blocked', 2, true]);
  });

  it('filters as kt events tail does, keeps the filters on the tabs, and links each escalated event to its escalation', async () => {
    const page = await people.alice.get('/events?verdict=escalated&config_version=2.3.0&since=48h');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<option value="escalate" selected>');
    expect(idsOf(page.html)).toEqual(['evt_106', 'evt_103', 'evt_102', 'evt_101']);
    expect(page.html).toContain('<a href="/escalations/esc_103" class="mono escalation-link" title="Its escalation, Claimed">esc_103</a>');
    expect(tabsOf(page.html)).toEqual([['All', 65, false], ['Allowed', 60, false], ['Blocked', 1, false], ['Redacted', 0, false], ['Escalated', 4, true]]);
    const allTab = page.html.match(/<a href="([^"]+)" class="tab"[^>]*>\s*All /)?.[1]?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(allTab).toBe('/events?since=48h&config_version=2.3.0');
    // A value in a row filters by it.
    expect(hrefsOf(page.html)).toContain('/events?since=48h&verdict=escalate&reason_code=pii_detected&config_version=2.3.0');
    const allowed = await people.alice.get('/events?verdict=allow');
    expect(allowed.html).not.toContain('escalation-link');
    const narrowed = await people.alice.get('/events?policy=pii-detector&reason_code=pii_detected');
    expect(idsOf(narrowed.html)).toEqual(['evt_blk_1', 'evt_106']);
  });

  it('shows an event whole when opened: ids, texts escaped, policy results and the fields kept at ingest', async () => {
    const page = await people.alice.get('/events?verdict=block');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).toMatch(/<h3>Policy results<\/h3>[\s\S]*<td>pii-detector<\/td><td>input<\/td><td>block<\/td><td class="mono">pii_detected<\/td><td class="num">0.97<\/td>/);
    expect(page.html).toMatch(/<h3>Other fields<\/h3><pre[^>]*><bdi>\{\n {2}&quot;region&quot;: &quot;eu-west&quot;\n\}<\/bdi><\/pre>/);
  });

  it('refuses a filter it cannot read beside its field, and a team outside the caller\'s, keeping the form', async () => {
    const bad = await people.alice.get('/events?since=yesterday-ish&policy=pii-detector');
    expect(bad.status).toBe(400);
    expect(refusalOf(bad.html)).toMatch(/^The filter was not understood: Since &quot;yesterday-ish&quot; is neither a duration/);
    expect(fieldErrorOf(bad.html, 'ev-since')).toMatch(/^Since &quot;yesterday-ish&quot; /);
    expect(bad.html).toContain('value="yesterday-ish"');
    expect(bad.html).toContain('<option value="pii-detector" selected>');
    expect(idsOf(bad.html)).toEqual([]);

    const inverted = await people.alice.get('/events?since=2h&until=5h');
    expect(inverted.status).toBe(400);
    expect(fieldErrorOf(inverted.html, 'ev-since')).toBe('Since &quot;2h&quot; must be before Until &quot;5h&quot;.');

    const verdict = await people.alice.get('/events?verdict=maybe');
    expect(verdict.status).toBe(400);
    expect(fieldErrorOf(verdict.html, 'ev-verdict')).toMatch(/^Verdict must be one of allow, block, redact, escalate/);

    const tooMany = await people.alice.get('/events?limit=5000');
    expect(tooMany.status).toBe(400);
    expect(refusalOf(tooMany.html)).toContain('How many must be at most 1000 on this page; kt events export writes any number.');

    // Hostile values are values: bound, never SQL; too long is refused by name.
    const injected = await people.pat.get(`/events?policy=${encodeURIComponent("' OR 1=1 --")}`);
    expect(injected.status).toBe(200);
    expect(idsOf(injected.html)).toEqual([]);
    expect(tabsOf(injected.html)[0]).toEqual(['All', 0, true]);
    const huge = await people.pat.get(`/events?reason_code=${'x'.repeat(5000)}`);
    expect(huge.status).toBe(400);
    expect(fieldErrorOf(huge.html, 'ev-reason')).toBe('Reason code must be at most 200 characters.');

    const sales = await people.alice.get('/events?team=sales');
    expect(sales.status).toBe(403);
    expect(refusalOf(sales.html)).toBe('You may not see team sales; your teams are support.');
    expect(sales.html).not.toContain('Sales secret');

    const unknown = await people.pat.get('/events?team=suport');
    expect(unknown.status).toBe(400);
    expect(fieldErrorOf(unknown.html, 'ev-team')).toMatch(/suport/);
  });

  it('charts the matching events over time by verdict, with the config versions that went live', async () => {
    await world.store.run(
      `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
       SELECT config_id, '2.4.0', name, author, $at::TIMESTAMPTZ, source_text, document FROM configs WHERE version = '2.3.0'`,
      { at: hoursAgo(20) },
    );
    try {
      // The support events span about two days: counted by the hour, allowed traffic left out.
      const page = await people.alice.get('/events');
      expect(page.html).toContain('<h2 id="chart-heading">Flagged events per hour</h2>');
      expect(page.html).toContain('allowed ones left out (choose Allowed to chart them); the dashed lines are config versions going live');
      const svg = page.html.match(/<div class="chart">([\s\S]*?)<\/div>/)?.[1] ?? '';
      expect(svg).toMatch(/^<svg[^>]*aria-label="Flagged events per hour"/);
      expect(svg).toContain('cfg_support_prod 2.4.0');
      expect(svg).toContain('>Blocked<');
      expect(svg).toContain('>Escalated<');
      expect(svg).not.toContain('>Allowed<');
      const allowed = await people.alice.get('/events?verdict=allow');
      expect(allowed.html).toContain('<h2 id="chart-heading">Allowed events per hour</h2>');
      // One event is no line: no chart.
      expect((await people.alice.get('/events?verdict=block')).html).not.toContain('chart-heading');
    } finally {
      await world.store.run(`DELETE FROM configs WHERE version = '2.4.0'`);
    }
  });

  it('says where the flagged events come from, as GET /api/events/summary does, each entry narrowing the page', async () => {
    /** The sources panel: per list, its heading and its [text, href, count] entries. */
    const sourcesOf = (html: string) => {
      const panel = html.match(/<section class="panel events-sources"[\s\S]*?<\/section>/)?.[0] ?? '';
      return [...panel.matchAll(/<h3>([^<]+)[\s\S]*?<ul class="bars bars-wide">([\s\S]*?)<\/ul>/g)].map((list) => ({
        heading: list[1]!.trim(),
        items: [...list[2]!.matchAll(/<li><span class="bar-label">(?:<a href="([^"]+)"[^>]*>)?([^<]+)(?:<\/a>)?<\/span>[\s\S]*?<span class="bar-n">([\d,]+)<\/span><\/li>/g)]
          .map((m) => [m[2], m[1] === undefined ? undefined : unescape(m[1]), Number(m[3]!.replaceAll(',', ''))] as const),
      }));
    };
    const page = await people.pat.get('/events');
    expect(page.html).toContain('<h2 id="sources-heading">Where the flagged events come from</h2>');
    const lists = sourcesOf(page.html);
    expect(lists.map((l) => l.heading)).toEqual(['Team', 'Policy and reason code', 'Config version']);
    const api = await app.request('/api/events/summary', { headers: { Authorization: `Bearer ${world.tokens.pat}` } });
    const { sources } = (await api.json()) as { sources: { teams: Array<{ team: string; events: number }>; reasons: Array<{ policy: string; reason_code: string; events: number }> } };
    // The same numbers as the API, in the same order, each linked to the page filtered by it.
    expect(lists[0]!.items).toEqual(sources.teams.map((t) => [t.team, `/events?team=${t.team}`, t.events]));
    expect(lists[1]!.items).toEqual(sources.reasons.map((r) => [`${r.policy} · ${r.reason_code}`, `/events?policy=${r.policy}&reason_code=${r.reason_code}`, r.events]));
    expect(lists[0]!.items.map((i) => i[0])).toEqual(['support', 'sales']);
    // Allowed traffic is not counted: support's flagged events only, not its routine questions.
    const support = await people.alice.get('/events?team=support');
    const flagged = tabsOf(support.html).filter(([text]) => text !== 'All' && text !== 'Allowed').reduce((sum, [, n]) => sum + n, 0);
    expect(sourcesOf(support.html)[1]!.items.reduce((sum, i) => sum + i[2], 0)).toBe(flagged);
    // A filter the other filters narrow to one team, one reason and one version shows no panel.
    expect((await people.alice.get('/events?verdict=block')).html).not.toContain('events-sources');
  });

  it('downloads the matching events as CSV or NDJSON, within the caller\'s teams, a formula written as text', async () => {
    const page = await people.alice.get('/events?verdict=block');
    expect(page.html).toMatch(/Download it:\s*<a class="button button-quiet" href="\/events\/download\?verdict&#x3D;block&amp;format&#x3D;csv" download>CSV<\/a>/);
    const csv = await people.alice.get('/events/download?verdict=block&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="events-\d{8}T\d{6}Z\.csv"$/);
    const [header, ...lines] = csv.html.trimEnd().split('\n');
    expect(header!.split(',').slice(0, 3)).toEqual(['id', 'timestamp', 'verdict']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^evt_blk_1,/);
    expect(lines[0]).toContain('"[{""policy"":""pii-detector"",""phase"":""input""');
    const ndjson = await people.pat.get('/events/download?verdict=block&format=ndjson');
    expect(ndjson.html.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual(['evt_blk_1', 'evt_blk_sales']);
    // Every one of alice's 68, past the page's 50.
    const all = await people.alice.get('/events/download?format=ndjson');
    expect(all.html.trimEnd().split('\n')).toHaveLength(68);
    expect((await people.alice.get('/events')).html).toContain('Download all 68:');
    // A formula in a request opens as text in a spreadsheet; NDJSON keeps it as given.
    await world.store.run(`INSERT INTO events (id, "timestamp", verdict, team, request) VALUES ('evt_formula', $ts::TIMESTAMPTZ, 'allow', 'support', '=HYPERLINK("http://x")')`, { ts: hoursAgo(0.5) });
    const formula = await people.alice.get('/events/download?format=csv&since=1h');
    expect(formula.html).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(JSON.parse((await people.alice.get('/events/download?format=ndjson&since=1h')).html).request).toBe('=HYPERLINK("http://x")');
    await world.store.run(`DELETE FROM events WHERE id = 'evt_formula'`);
    // The same refusals as the page: another team's events are not written.
    const sales = await people.alice.get('/events/download?team=sales&format=csv');
    expect(sales.status).toBe(403);
    expect(sales.html).not.toContain('Sales secret');
  });

  it('is opened from an escalation on its policy and reason code, a day either side of its event', async () => {
    const item = await people.alice.get('/escalations/esc_106');
    const href = item.html.match(/<a href="([^"]+)">Events like this one<\/a>/)?.[1]?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(href).toMatch(/^\/events\?since=[^&]+&until=[^&]+&policy=pii-detector&reason_code=pii_detected$/);
    const around = await people.alice.get(href!);
    expect(around.status).toBe(200);
    expect(idsOf(around.html)).toEqual(['evt_blk_1', 'evt_106']);
    // Pat sees every team's: the sales one too.
    expect(idsOf((await people.pat.get(href!)).html)).toEqual(['evt_blk_1', 'evt_blk_sales', 'evt_106']);
    // Beside the link, what the click would show, within the viewer's teams: is it a wider pattern?
    const countOf = (html: string) => html.match(/Events like this one<\/a>: <span class="around-count">([^<]+)<\/span>/)?.[1];
    expect(countOf(item.html)).toBe('2 flagged, all in support');
    expect(countOf((await people.pat.get('/escalations/esc_106')).html)).toBe('3 flagged, from 2 teams: support 2, sales 1');
    // esc_201 is the only flagged sales event a day either side on its reason code.
    expect(countOf((await people.bob.get('/escalations/esc_201')).html)).toBe('this one alone');
  });
});
