import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createUser } from '../../src/store/users.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { fixtureText, loadTuneFixture } from '../tune/fixture.js';
import { csrfOf, fieldErrorOf, PageClient, refusalOf } from './client.js';

// The tuning loop in the browser, on the tune fixture (cfg_fixture 1.0.0 → 1.1.0, 25 events, 12 escalations):
// pick the noisy rule, take the suggestion, replay it or a hand-written draft, download the draft.

let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>;
const people: Record<'pat' | 'pia' | 'carol', PageClient> = {} as never;
let bearer: Record<'pat' | 'pia' | 'carol', string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-tune-web-'));
  store = await openStore(join(dir, 'kt.duckdb'));
  await loadTuneFixture(store);
  const tokens = {
    pat: (await createUser(store, { id: 'pat', role: 'policy_owner', teams: [] }, 'test')).token,
    pia: (await createUser(store, { id: 'pia', role: 'policy_owner', teams: ['sales'] }, 'test')).token,
    carol: (await createUser(store, { id: 'carol', role: 'compliance', teams: [] }, 'test')).token,
  };
  bearer = tokens;
  app = createApp(store);
  for (const [who, token] of Object.entries(tokens)) {
    people[who as keyof typeof people] = new PageClient(app);
    await people[who as keyof typeof people].signIn(token);
  }
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const suggestPath = '/tune?config_id=cfg_fixture&policy=human-oversight&reason_code=violence_terms&version=1.0.0';

async function replay(client: PageClient, fields: Record<string, string>) {
  const page = await client.get('/tune');
  return client.post('/tune/whatif', { _csrf: csrfOf(page.html), ...fields });
}

const textareaOf = (html: string) =>
  html.match(/<textarea id="t-draft"[^>]*>([\s\S]*?)<\/textarea>/)?.[1]?.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#x3D;', '=');

describe('tune page', () => {
  it('is in the top bar for policy owners, lists the noisy rules, and is refused to compliance', async () => {
    const page = await people.pat.get('/tune?min_resolved=1');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/tune" aria-current="page">Tune<\/a>/);
    expect(page.html).toContain('<td>human-oversight / violence_terms</td>');
    // weapons has resolved escalations but no false positive blamed on the policy logic: nothing to narrow.
    expect(page.html).not.toContain('<td>human-oversight / weapons</td>');
    expect(page.html).toContain(`href="${`${suggestPath}&min_resolved=1`.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;')}#draft"`);
    // The default threshold of 10 resolved hides the fixture's small clusters.
    expect((await people.pat.get('/tune')).html).toContain('No rule has 10 or more resolved escalations');
    const refused = await people.carol.get('/tune');
    expect(refused.status).toBe(403);
    expect(refusalOf(refused.html)).toBe('Your role compliance may not tune configurations.');
    expect((await people.carol.get('/')).html).not.toContain('href="/tune"');
  });

  it('suggests a narrower draft for a rule and puts it in the editor, ready to replay on the version it narrows', async () => {
    const page = await people.pat.get(suggestPath);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Suggested: cfg_fixture 1.2.0');
    const draft = textareaOf(page.html)!;
    expect(draft).toMatch(/^# DRAFT 1\.2\.0 by kt tune suggest from 1\.0\.0: narrows human-oversight \/ violence_terms\./);
    expect(page.html).toContain('name="config_version" type="text" value="1.0.0"');
    const missing = await people.pat.get('/tune?config_id=cfg_fixture&policy=human-oversight&reason_code=weapons&version=1.0.0');
    expect(missing.status).toBe(404);
    expect(refusalOf(missing.html)).toMatch(/^No suggestion: No false positives caused by policy logic are recorded for policy human-oversight, reason code weapons/);
  });

  it('replays a draft on history and shows what it would have done, with the true positives it loses', async () => {
    const answer = await replay(people.pat, { draft: fixtureText('draft-1.1.0.yaml'), since: '2025-12-01T00:00:00Z', config_version: '1.0.0' });
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('What cfg_fixture 1.1.0 would have done');
    expect(answer.html).toMatch(/Known true positives lost: <strong>1<\/strong> — events <span class="mono">evt_e05<\/span>/);
    expect(answer.html).toMatch(/Prediction <span class="mono">wif_[0-9a-f-]+<\/span> stored\./);
    const stored = await store.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM whatif_predictions WHERE config_id = 'cfg_fixture' AND draft_version = '1.1.0'");
    expect(stored!.n).toBeGreaterThanOrEqual(1);
    // The draft stays in the editor to change and replay again.
    expect(textareaOf(answer.html)).toBe(fixtureText('draft-1.1.0.yaml'));
  });

  it('keeps a draft it cannot read and names the line', async () => {
    const answer = await replay(people.pat, { draft: 'pack: { id: cfg_fixture\npolicies: [', since: '90d' });
    expect(answer.status).toBe(400);
    expect(refusalOf(answer.html)).toMatch(/^Not replayed: the draft:\d+: not valid YAML/);
    expect(textareaOf(answer.html)).toBe('pack: { id: cfg_fixture\npolicies: [');
    const empty = await replay(people.pat, { draft: '  ', since: '90d' });
    expect(empty.status).toBe(400);
    expect(refusalOf(empty.html)).toBe('Not replayed: paste a draft policy-config.yaml, or ask for a suggestion above.');
    const window = await replay(people.pat, { draft: fixtureText('draft-1.1.0.yaml'), since: 'last tuesday' });
    expect(window.status).toBe(400);
    expect(refusalOf(window.html)).toMatch(/^Not replayed: .*last tuesday/);
  });

  it('ties a refused draft or window to its field, the message beside it, the values kept', async () => {
    const unreadable = await replay(people.pat, { draft: 'pack: { id: cfg_fixture\npolicies: [', since: '90d' });
    expect(fieldErrorOf(unreadable.html, 't-draft')).toMatch(/^the draft:\d+: not valid YAML/);
    expect(unreadable.html).toContain('<a href="#t-draft">Go to the field</a>');
    const empty = await replay(people.pat, { draft: '  ', since: '90d' });
    expect(fieldErrorOf(empty.html, 't-draft')).toBe('Paste a draft policy-config.yaml, or ask for a suggestion above.');
    const since = await replay(people.pat, { draft: fixtureText('draft-1.1.0.yaml'), since: 'last tuesday' });
    expect(fieldErrorOf(since.html, 't-since')).toMatch(/^Replay since &quot;last tuesday&quot; is neither a duration like 5m, 1h, 24h, 7d, 2w nor a date like 2026-09-14/);
    expect(since.html).not.toContain('--since');
    expect(fieldErrorOf(since.html, 't-draft')).toBeUndefined();
    expect(since.html).toContain('value="last tuesday"');
    const until = await replay(people.pat, { draft: fixtureText('draft-1.1.0.yaml'), since: '90d', until: 'soon' });
    expect(fieldErrorOf(until.html, 't-until')).toMatch(/^Until &quot;soon&quot; is neither a duration/);
    // A window that ends before it starts is said with both labels, beside the field it starts at.
    const inverted = await replay(people.pat, { draft: fixtureText('draft-1.1.0.yaml'), since: '2026-11-10', until: '2026-11-01' });
    expect(inverted.status).toBe(400);
    expect(refusalOf(inverted.html)).toBe('Not replayed: Replay since &quot;2026-11-10&quot; must be before Until &quot;2026-11-01&quot;.');
    expect(fieldErrorOf(inverted.html, 't-since')).toBe('Replay since &quot;2026-11-10&quot; must be before Until &quot;2026-11-01&quot;.');
    expect(inverted.html).not.toContain('--since');
    expect(inverted.html).toContain('value="2026-11-01"');
    const download = await people.pat.post('/tune/draft', { _csrf: csrfOf(empty.html), draft: 'policies: {}' });
    expect(fieldErrorOf(download.html, 't-draft')).toMatch(/^the draft: pack /);
    // A suggestion asked for by a link is about no field of the form.
    const suggestion = await people.pia.get(suggestPath);
    expect(suggestion.html).not.toContain('aria-invalid');
  });

  it('downloads the draft as a file named after its pack and version, once it reads as a config', async () => {
    const page = await people.pat.get('/tune');
    const response = await app.request('http://localhost/tune/draft', {
      method: 'POST',
      headers: { cookie: `kt_session=${people.pat.cookie('kt_session')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(page.html), draft: fixtureText('draft-1.1.0.yaml') }).toString(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cfg_fixture-1.1.0.yaml"');
    expect(await response.text()).toBe(fixtureText('draft-1.1.0.yaml'));
    const bad = await people.pat.post('/tune/draft', { _csrf: csrfOf(page.html), draft: 'policies: {}' });
    expect(bad.status).toBe(400);
    expect(refusalOf(bad.html)).toMatch(/^Not downloaded: the draft: pack /);
  });

  it('gives a policy owner limited to a team replays of that team only, and no suggestions', async () => {
    const suggestion = await people.pia.get(suggestPath);
    expect(suggestion.status).toBe(403);
    expect(refusalOf(suggestion.html)).toMatch(/^A suggestion reads the requests of every team’s escalations/);
    expect(suggestion.html).not.toContain('Suggest a narrower rule');
    // The page itself says why there is no suggestion, and the refusal of an empty draft offers none.
    const page = await people.pia.get('/tune');
    expect(page.html).toContain('No suggestions for you: a suggestion reads the requests of every team’s escalations, and your account is limited to sales.');
    expect((await people.pat.get('/tune')).html).not.toContain('No suggestions for you');
    const empty = await replay(people.pia, { draft: ' ', since: '90d' });
    expect(refusalOf(empty.html)).toBe('Not replayed: paste a draft policy-config.yaml.');
    // The fixture's events carry no team: none is sales', so there is nothing of pia's to replay.
    const answer = await replay(people.pia, { draft: fixtureText('draft-1.1.0.yaml'), since: '2025-12-01T00:00:00Z', config_version: '1.0.0' });
    expect(answer.status).toBe(400);
    expect(refusalOf(answer.html)).toMatch(/^Not replayed: No stored events of config cfg_fixture version 1\.0\.0 .*nothing to replay\.$/);
  });

  it('answers a suggestion over the API too, with the draft as text, and refuses a team-limited caller', async () => {
    const tokens = bearer;
    const get = (token: string) => app.request('http://localhost/api/tune/suggest?config_id=cfg_fixture&policy=human-oversight&reason_code=violence_terms&version=1.0.0', { headers: { authorization: `Bearer ${token}` } });
    const ok = await get(tokens.pat);
    expect(ok.status).toBe(200);
    const suggestion = (await ok.json()) as { version: string; base_version: string; text: string };
    expect(suggestion).toMatchObject({ version: '1.2.0', base_version: '1.0.0' });
    expect(suggestion.text).toMatch(/^# DRAFT 1\.2\.0/);
    expect((await get(tokens.pia)).status).toBe(403);
    const bad = await app.request('http://localhost/api/tune/suggest?config_id=cfg_fixture&policy=human-oversight&reason_code=violence_terms&max_terms=99', { headers: { authorization: `Bearer ${tokens.pat}` } });
    expect(bad.status).toBe(400);
  });

  // Last: it adds events to the fixture, which the tests above count on.
  it('writes the replay’s counts with thousands separators, as kt’s other pages do', async () => {
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, config_id, config_version, request)
       SELECT 'evt_bulk_' || i, TIMESTAMPTZ '2026-01-07 10:00:00+00', 'allow', 'cfg_fixture', '1.0.0', 'a quiet question' FROM range(1000) t(i)`,
    );
    await rebuildEventTraffic(store);
    const answer = await replay(people.pat, { draft: fixtureText('draft-1.1.0.yaml'), since: '2025-12-01T00:00:00Z', config_version: '1.0.0' });
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Replayed 1,013 events of cfg_fixture (version 1.0.0)');
  });
});
