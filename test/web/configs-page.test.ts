import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { ingestFile } from '../../src/ingest/index.js';
import { createUser } from '../../src/store/users.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// The configurations pages: a policy owner reads each stored version, its rules and routing,
// and what changed from the version before (kt config list|show|diff in the browser).

let world: WebWorld;
let app: ReturnType<typeof createApp>;
const people: Record<'pat' | 'alice' | 'sam', PageClient> = {} as never;

/** A newer version of the world's pack: the rule narrowed, a rule added, the routing dropped. */
const version240 = `pack: { id: cfg_support_prod, name: Support assistant, version: 2.4.0, author: pat }
deployed_at: 2026-02-01T00:00:00Z
policies:
  chain: [pii-detector, human-oversight]
  policy:
    human-oversight:
      action: escalate
      rules:
        - reason_code: violence_terms
          match: { any: [kill, shoot], min_score: 0.7 }
          unless: { any: ["python process", "tmux session"], regex: "video game" }
        - reason_code: self_harm
          match: { any: [hurt myself] }
providers:
  targets:
    - id: openai-prod
      provider: openai
      model: gpt-4o
`;

beforeAll(async () => {
  world = await openWebWorld();
  const file = join(world.dir, 'policy-config-2.4.0.yaml');
  writeFileSync(file, version240);
  await ingestFile(world.store, 'configs', file);
  const samToken = (await createUser(world.store, { id: 'sam', role: 'policy_owner', teams: ['sales'] }, 'test')).token;
  app = createApp(world.store);
  for (const [who, token] of Object.entries({ pat: world.tokens.pat, alice: world.tokens.alice, sam: samToken })) {
    people[who as keyof typeof people] = new PageClient(app);
    await people[who as keyof typeof people].signIn(token);
  }
});
afterAll(() => world.close());

const unescape = (href: string) => href.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
const hrefsOf = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => unescape(m[1]!));
/** The versions table: [version, events] top to bottom. */
const versionsOf = (html: string) =>
  [...html.matchAll(/<tr>\s*<td><a href="\/configs\/[^"]+" class="mono">([^<]+)<\/a>[\s\S]*?<td class="num">(?:<a [^>]*>)?([\d,]+)/g)].map((m) => [m[1], Number(m[2]!.replaceAll(',', ''))] as const);

describe('configurations pages', () => {
  it('list every version of each pack newest first, with its events in the caller\'s teams', async () => {
    const page = await people.pat.get('/configs');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/configs" aria-current="page">Configurations<\/a>/);
    // 2.3.0 decided six support events and the sales one; 2.4.0 none yet.
    expect(versionsOf(page.html)).toEqual([['2.4.0', 0], ['2.3.0', 7]]);
    expect(hrefsOf(page.html)).toContain('/events?config_id=cfg_support_prod&config_version=2.3.0');
    expect(hrefsOf(page.html)).toContain('/configs/cfg_support_prod/2.4.0#changes');
    // A policy owner limited to sales counts sales events only.
    expect(versionsOf((await people.sam.get('/configs')).html)).toEqual([['2.4.0', 0], ['2.3.0', 1]]);
  });

  it('are refused to reviewers, who are not offered them', async () => {
    const refused = await people.alice.get('/configs');
    expect(refused.status).toBe(403);
    expect(refusalOf(refused.html)).toBe('Your role reviewer may not read configuration versions.');
    expect((await people.alice.get('/configs/cfg_support_prod/2.3.0')).status).toBe(403);
    expect((await people.alice.get('/')).html).not.toContain('href="/configs"');
  });

  it('show a version\'s rules, routing and the file, and what changed from the version before', async () => {
    const page = await people.pat.get('/configs/cfg_support_prod/2.4.0');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h2 id="changes">What changed from 2.3.0 to 2.4.0</h2>');
    expect(page.html).toContain('<code><bdi>pack.version: &quot;2.3.0&quot; → &quot;2.4.0&quot;</bdi></code>');
    expect(page.html).toMatch(/Rule <span class="mono">self_harm<\/span> added at #2:/);
    expect(page.html).toMatch(/Rule <span class="mono">violence_terms<\/span> \(#1\):<\/p>\s*<ul class="change-lines"><li><code><bdi>unless.any: \+ &quot;python process&quot;, \+ &quot;tmux session&quot;<\/bdi><\/code><\/li><\/ul>/);
    expect(page.html).toMatch(/Target <span class="mono">openai-prod<\/span>: <code><bdi>escalation_routing.user_id: removed \(was &quot;alice&quot;\)<\/bdi><\/code>/);
    // A before/after report of the changed policy; two rules changed, so no one reason code.
    expect(hrefsOf(page.html)).toContain('/reports/tuning?config_id=cfg_support_prod&before=2.3.0&after=2.4.0&policy=human-oversight');
    // Each rule links its events under this version.
    expect(hrefsOf(page.html)).toContain('/events?policy=human-oversight&reason_code=self_harm&config_id=cfg_support_prod&config_version=2.4.0');
    expect(page.html).toContain('<td>— (queued)</td>');
    expect(page.html).toContain('unless: { any: [&quot;python process&quot;, &quot;tmux session&quot;]');

    const older = await people.pat.get('/configs/cfg_support_prod/2.3.0');
    expect(older.html).toContain('<td>alice</td>');
    // The oldest has no version before it: it is compared with the newer one, older to newer.
    expect(older.html).toContain('<h2 id="changes">What changed from 2.3.0 to 2.4.0</h2>');
    const asked = await people.pat.get('/configs/cfg_support_prod/2.3.0?compare=2.4.0');
    expect(asked.html).toContain('<option value="2.4.0" selected>');
  });

  it('name a version or a comparison that is not stored, with the versions that are', async () => {
    const missing = await people.pat.get('/configs/cfg_support_prod/9.9.9');
    expect(missing.status).toBe(404);
    expect(refusalOf(missing.html)).toBe('Config cfg_support_prod version 9.9.9 is not stored; stored versions: 2.3.0, 2.4.0.');
    const badCompare = await people.pat.get('/configs/cfg_support_prod/2.4.0?compare=1.0.0');
    expect(badCompare.status).toBe(404);
    expect(refusalOf(badCompare.html)).toBe('Config cfg_support_prod version 1.0.0 is not stored; stored versions: 2.3.0, 2.4.0.');
  });

  it('are linked from an escalation\'s configuration, for those who may read them', async () => {
    const root = new PageClient(app);
    await root.signIn(world.tokens.root);
    const item = await root.get('/escalations/esc_101');
    expect(item.html).toContain('<a href="/configs/cfg_support_prod/2.3.0" class="mono">cfg_support_prod 2.3.0</a>');
    const reviewer = await people.alice.get('/escalations/esc_101');
    expect(reviewer.html).not.toContain('href="/configs/');
  });
});
