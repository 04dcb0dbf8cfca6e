import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { fieldErrorOf, PageClient, refusalOf } from './client.js';
import { createUser } from '../../src/store/users.js';
import { openWebWorld, type WebWorld } from './world.js';
import { quartersBetween } from '../../src/reports/volume.js';

// The reports page: forms for the three reports, their choices taken from the store, shown to
// those who may produce reports; the reports they ask for are the same documents as `kt report`.

let world: WebWorld;
let app: ReturnType<typeof createApp>;
let pat: PageClient;
let alice: PageClient;

beforeAll(async () => {
  world = await openWebWorld();
  app = createApp(world.store);
  pat = new PageClient(app);
  alice = new PageClient(app);
  await pat.signIn(world.tokens.pat);
  await alice.signIn(world.tokens.alice);
});
afterAll(() => world.close());

const optionsOf = (html: string, name: string) => {
  const select = html.match(new RegExp(`<select id="[^"]+" name="${name}">([\\s\\S]*?)</select>`))?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
};
const formOf = (html: string, action: string) => html.match(new RegExp(`<form method="get" action="${action}"[\\s\\S]*?</form>`))?.[0] ?? '';

describe('reports page', () => {
  it('offers each report as a form whose choices come from the store, with Reports in the top bar', async () => {
    const page = await pat.get('/reports');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/reports" aria-current="page">Reports<\/a>/);
    for (const title of ['Tuning before and after', 'False-positive clusters', 'Review volume, rollouts and backlog']) expect(page.html).toContain(title);
    const tuning = formOf(page.html, '/reports/tuning');
    expect(optionsOf(tuning, 'config_id')).toEqual(['cfg_support_prod']);
    expect(optionsOf(tuning, 'before')).toEqual(['2.3.0']);
    // The policies and reason codes among the escalations, as the queue's filters offer them.
    expect(optionsOf(tuning, 'policy')).toEqual(['human-oversight', 'pii-detector']);
    expect(optionsOf(tuning, 'reason_code')).toEqual(['', 'pii_detected', 'violence_terms']);
    expect(optionsOf(formOf(page.html, '/reports/false-positives'), 'cause')).toEqual(['', 'policy_logic', 'detector_data']);
    expect(optionsOf(formOf(page.html, '/reports/volume'), 'by')).toEqual(['team', 'policy', 'reason_code']);
  });

  it('offers the volume report for each quarter the caller\'s events span, newest first, in weeks', async () => {
    const span = await world.store.one<{ oldest: string; newest: string }>('SELECT strftime(min("timestamp"), \'%Y-%m-%dT%H:%M:%SZ\') AS oldest, strftime(max("timestamp"), \'%Y-%m-%dT%H:%M:%SZ\') AS newest FROM events');
    const quarters = quartersBetween(new Date(span!.oldest), new Date(span!.newest));
    expect(quarters.length).toBeGreaterThan(0);
    const volume = formOf((await pat.get('/reports')).html, '/reports/volume');
    expect(optionsOf(volume, 'quarter')).toEqual(quarters);
    expect(volume).toMatch(new RegExp(`<option value="${quarters[0]}" selected>`));
    expect(volume).toContain('<option value="week" selected>Per week</option>');
    // The quarter chosen is the report's quarter (the oldest the list offers).
    const older = quarters.at(-1)!;
    const report = await pat.get(`/reports/volume?quarter=${older}&bucket=week&by=team&format=html`);
    expect(report.status).toBe(200);
    expect(report.html).toContain(`${older.slice(0, 4)} ${older.slice(4)}: `);
  });

  it('refuses a reviewer with a page, and shows reviewers no Reports link', async () => {
    const page = await alice.get('/reports');
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refusalOf(page.html)).toBe('Your role reviewer may not produce reports.');
    expect((await alice.get('/')).html).not.toContain('href="/reports"');
  });

  it('sends a visitor without a session to sign in, and back to the page afterwards', async () => {
    const page = await new PageClient(app).get('/reports');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Freports');
  });

  it('opens what a submitted form asks for, its empty fields taken as not given, with the words of every label', async () => {
    await pat.get('/'); // a web page first: its helpers share the renderer with the reports
    const tuning = await pat.get('/reports/tuning?config_id=cfg_support_prod&before=2.2.0&after=2.3.0&policy=human-oversight&reason_code=&format=html');
    expect(tuning.status).toBe(200);
    expect(tuning.html).toContain('<dt>Policy</dt><dd>human-oversight</dd>');
    expect(tuning.html).toContain('<dt>Reason code</dt><dd>all reason codes of the policy</dd>');
    const clusters = await pat.get('/reports/false-positives?since=&cause=&config_id=&team=&min_resolved=0&format=html');
    expect(clusters.status).toBe(200);
    expect(clusters.html).toContain('<td class="key"><span class="id">human-<wbr>oversight</span> / <span class="id">violence_<wbr>terms</span> · <span class="id">cfg_<wbr>support_<wbr>prod</span> 2.3.0</td>');
  });

  it('offers every report\'s data as CSV beside the PDF, downloaded with the session', async () => {
    const page = await pat.get('/reports');
    for (const action of ['/reports/tuning', '/reports/false-positives', '/reports/volume']) {
      expect(formOf(page.html, action)).toMatch(/<button type="submit" name="format" value="csv" class="button" title="[^"]+">CSV<\/button>/);
    }
    const csv = await pat.get('/reports/false-positives?since=&cause=&config_id=&team=&min_resolved=0&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="false-positives-/);
    expect(csv.html.split('\n')[1]).toMatch(/^human-oversight,violence_terms,cfg_support_prod,2\.3\.0,/);
  });
});

describe('a refused report', () => {
  const selectedIn = (form: string, name: string) => form.match(new RegExp(`name="${name}">[\\s\\S]*?<option value="([^"]*)" selected`))?.[1];

  it('shows the reports page again with the refusal above the form that asked, the choices kept, never JSON', async () => {
    const page = await pat.get('/reports/tuning?config_id=cfg_support_prod&before=2.3.0&after=2.3.0&policy=pii-detector&reason_code=pii_detected&format=html');
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const tuning = page.html.slice(page.html.indexOf('id="r-tuning"'), page.html.indexOf('id="r-fp"'));
    expect(refusalOf(tuning)).toMatch(/^The before and after versions are both 2\.3\.0/);
    expect(selectedIn(tuning, 'policy')).toBe('pii-detector');
    expect(selectedIn(tuning, 'reason_code')).toBe('pii_detected');
    const clusters = await pat.get('/reports/false-positives?since=30d&cause=policy_logic&config_id=&team=&min_resolved=-2&format=html');
    expect(clusters.status).toBe(400);
    const form = formOf(clusters.html, '/reports/false-positives');
    expect(refusalOf(clusters.html)).toMatch(/^The minimum resolved per cluster must be a whole number of 0 or more\./);
    expect(selectedIn(form, 'since')).toBe('30d');
    expect(selectedIn(form, 'cause')).toBe('policy_logic');
    expect(form).toContain('name="min_resolved" type="number" min="0" step="1" value="-2"');
  });

  it('serves a refused report under the web UI\u2019s policy, so the page is styled and its forms can be sent again', async () => {
    const refused = await pat.get('/reports/false-positives?since=30d&cause=&config_id=&team=&min_resolved=-2&format=html');
    expect(refused.status).toBe(400);
    const policy = refused.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("form-action 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(refused.headers.get('referrer-policy')).toBe('same-origin');
    // The report itself keeps its own: inline styles only, no form, no script.
    const report = await pat.get('/reports/false-positives?since=30d&cause=&config_id=&team=&min_resolved=0&format=html');
    expect(report.status).toBe(200);
    expect(report.headers.get('content-security-policy')).toContain("form-action 'none'");
    expect(report.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('ties a refused option to its field on the form that asked, the message beside it', async () => {
    const clusters = await pat.get('/reports/false-positives?since=30d&cause=&config_id=&team=&min_resolved=-2&format=html');
    expect(fieldErrorOf(clusters.html, 'f-min')).toMatch(/^The minimum resolved per cluster must be a whole number of 0 or more\./);
    expect(clusters.html).toContain('<a href="#f-min">Go to the field</a>');
    expect(fieldErrorOf(clusters.html, 'f-since')).toBeUndefined();
    const volume = await pat.get('/reports/volume?config_id=&bucket=month&by=team&team=&format=html');
    expect(fieldErrorOf(volume.html, 'v-bucket')).toMatch(/^The bucket size /);
    const policy = await pat.get('/reports/tuning?config_id=cfg_support_prod&before=2.2.0&after=2.3.0&policy=nope&reason_code=&format=html');
    expect(refusalOf(policy.html)).toMatch(/^Policy nope is not known/);
    expect(fieldErrorOf(policy.html, 't-policy')).toMatch(/^Policy nope is not known/);
    // A window typed into the link: in the form's words, not the command line's (--since).
    const window = await pat.get('/reports/false-positives?since=last+tuesday&cause=&config_id=&team=&min_resolved=0&format=html');
    expect(window.status).toBe(400);
    expect(refusalOf(window.html)).toMatch(/^The window &quot;last tuesday&quot; is neither a duration like 5m, 1h, 24h, 7d, 2w nor a date like 2026-09-14/);
    expect(fieldErrorOf(window.html, 'f-since')).toMatch(/^The window &quot;last tuesday&quot;/);
    expect(window.html).not.toContain('--since');
    // A window that ends before it starts names both ends in the form's words, the second mid-sentence.
    const inverted = await pat.get('/reports/false-positives?since=2026-11-10&until=2026-11-01&cause=&config_id=&team=&min_resolved=0&format=html');
    expect(inverted.status).toBe(400);
    expect(refusalOf(inverted.html)).toBe('The window &quot;2026-11-10&quot; must be before the end of the window &quot;2026-11-01&quot;.');
    expect(fieldErrorOf(inverted.html, 'f-since')).toMatch(/^The window &quot;2026-11-10&quot; must be before the end/);
    expect(inverted.html).not.toContain('--until');
    // Two equal versions are a refusal of the pair, not of one field.
    const same = await pat.get('/reports/tuning?config_id=cfg_support_prod&before=2.3.0&after=2.3.0&policy=pii-detector&reason_code=&format=html');
    expect(refusalOf(same.html)).toMatch(/^The before and after versions are both 2\.3\.0/);
    expect(same.html).not.toContain('aria-invalid');
  });

  it('names an unknown report above the forms, keeps JSON for a bearer token, and signs a visitor in first', async () => {
    const unknown = await pat.get('/reports/nope?format=html');
    expect(unknown.status).toBe(404);
    expect(refusalOf(unknown.html)).toMatch(/^There is no report named &quot;nope&quot;/);
    const script = await app.request('/reports/nope', { headers: { authorization: `Bearer ${world.tokens.pat}`, accept: 'text/html' } });
    expect(script.status).toBe(404);
    expect(await script.json()).toMatchObject({ error: { code: 'not_found' } });
    const visitor = await new PageClient(app).get('/reports/volume?bucket=week&format=html');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/login?next=%2Freports%2Fvolume%3Fbucket%3Dweek%26format%3Dhtml');
  });
});

describe('reports page for a user limited to teams', () => {
  it('offers and starts at only the configs their teams\u2019 escalations were decided under', async () => {
    const limitedWorld = await openWebWorld();
    try {
      await limitedWorld.store.run(
        `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
         SELECT 'cfg_legal_prod', v, 'Legal assistant', 'pat', d::TIMESTAMPTZ, 'pack: …', document FROM configs,
           (VALUES ('1.0.0', '2026-02-01T00:00:00Z'), ('1.1.0', '2026-03-01T00:00:00Z')) AS t(v, d)`,
      );
      const { token } = await createUser(limitedWorld.store, { id: 'sally', role: 'policy_owner', teams: ['support'] }, 'test');
      const sally = new PageClient(createApp(limitedWorld.store));
      await sally.signIn(token);
      const page = await sally.get('/reports');
      const tuning = formOf(page.html, '/reports/tuning');
      expect(optionsOf(tuning, 'config_id')).toEqual(['cfg_support_prod']);
      expect(tuning).not.toContain('cfg_legal_prod');
      expect(optionsOf(formOf(page.html, '/reports/false-positives'), 'config_id')).toEqual(['', 'cfg_support_prod']);
    } finally {
      limitedWorld.close();
    }
  });
});

describe('reports page after a tuning deploy', () => {
  it('starts the tuning form at the rule the newest tuning deploy changed, not at the first policy or a later routing change', async () => {
    const tunedWorld = await openWebWorld();
    try {
      const pii = (regex: string, version: string, deployed: string, routedTo?: string) => ({
        pack: { id: 'cfg_support_prod', name: 'Support assistant', version, author: 'pat' },
        deployed_at: deployed,
        policies: {
          chain: ['pii-detector', 'human-oversight'],
          policy: {
            'pii-detector': { action: 'escalate', rules: [{ reason_code: 'pii_detected', match: { regex } }] },
            'human-oversight': { action: 'escalate', rules: [{ reason_code: 'violence_terms', match: { any: ['kill', 'shoot'], min_score: 0.7 }, unless: { regex: 'video game' } }] },
          },
        },
        ...(routedTo ? { providers: { targets: [{ id: 'openai-prod', provider: 'openai', model: 'gpt-4o', escalation_routing: { user_id: routedTo } }] } } : {}),
      });
      const card = '\\b\\d{4} \\d{4} \\d{4} \\d{4}\\b';
      // 2.5.0 narrows the card rule; 2.6.0, the newest, only routes escalations to alice.
      for (const [version, deployed, regex, routedTo] of [['2.4.0', '2026-02-01T00:00:00Z', '\\d{4} \\d{4}'], ['2.5.0', '2026-03-01T00:00:00Z', card], ['2.6.0', '2026-03-15T00:00:00Z', card, 'alice']]) {
        await tunedWorld.store.run(
          `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
           VALUES ('cfg_support_prod', $version, 'Support assistant', 'pat', $deployed::TIMESTAMPTZ, 'pack: …', $doc::JSON)`,
          { version: version!, deployed: deployed!, doc: JSON.stringify(pii(regex!, version!, deployed!, routedTo)) },
        );
      }
      const client = new PageClient(createApp(tunedWorld.store));
      await client.signIn(tunedWorld.tokens.pat);
      const tuning = formOf((await client.get('/reports')).html, '/reports/tuning');
      const selected = (name: string) => tuning.match(new RegExp(`name="${name}">[\\s\\S]*?<option value="([^"]*)" selected`))?.[1];
      expect(selected('before')).toBe('2.4.0');
      expect(selected('after')).toBe('2.5.0');
      expect(selected('policy')).toBe('pii-detector');
      expect(selected('reason_code')).toBe('pii_detected');
      expect((await client.get('/reports')).html).toContain('The form starts at the newest deploy that changed a rule: cfg_support_prod 2.4.0 → 2.5.0, pii-detector (pii_detected).');
    } finally {
      tunedWorld.close();
    }
  });
});

describe('quartersBetween', () => {
  it('lists the quarters from the newest back to the oldest, newest first, at most max', () => {
    expect(quartersBetween(new Date('2025-11-15T00:00:00Z'), new Date('2026-04-02T00:00:00Z'))).toEqual(['2026Q2', '2026Q1', '2025Q4']);
    expect(quartersBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-31T23:59:59Z'))).toEqual(['2026Q1']);
    expect(quartersBetween(new Date('2020-01-01T00:00:00Z'), new Date('2026-04-02T00:00:00Z'), 3)).toEqual(['2026Q2', '2026Q1', '2025Q4']);
  });
});
