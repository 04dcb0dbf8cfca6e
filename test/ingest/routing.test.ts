import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestEventText, ingestFile } from '../../src/ingest/index.js';
import { configVersion } from '../../src/configs/versions.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { count, escalateEvent, fixture, tempStore } from './helpers.js';

let ctx: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  ctx = await tempStore();
});
afterEach(() => ctx.done());

// policy-config.yaml (cfg_support 2.3.0) routes openai to bob and openai/gpt-4o to alice.
const events = [
  escalateEvent('evt_4o', { model: 'gpt-4o' }),
  escalateEvent('evt_mini', { model: 'gpt-4o-mini' }),
  escalateEvent('evt_claude', { provider: 'anthropic', model: 'claude-3' }),
  escalateEvent('evt_other_version', { model: 'gpt-4o', config_version: '9.9.9' }),
].map((e) => JSON.stringify(e)).join('\n');

type Esc = { id: string; status: string; claimed_by: string | null; claimed_at: string | null; created_at: string; origin: string };
const escalations = async () =>
  Object.fromEntries((await ctx.store.all<Esc & { event_id: string }>('SELECT * FROM escalations ORDER BY id')).map((e) => [e.event_id, e]));

describe('routing', () => {
  it('creates escalations already claimed by the routed user; model-level beats provider-level', async () => {
    await ingestFile(ctx.store, 'configs', fixture('policy-config.yaml'));
    const report = await ingestEventText(ctx.store, 'events.ndjson', events);
    expect(report).toMatchObject({ escalationsCreated: 4, escalationsRouted: 2 });
    const byEvent = await escalations();
    expect(byEvent.evt_4o).toMatchObject({ status: 'claimed', claimed_by: 'alice', origin: 'routed' });
    expect(byEvent.evt_4o?.claimed_at).toBe(byEvent.evt_4o?.created_at);
    expect(byEvent.evt_mini).toMatchObject({ status: 'claimed', claimed_by: 'bob', origin: 'routed' });
    expect(byEvent.evt_claude).toMatchObject({ status: 'queued', claimed_by: null, origin: 'auto' });
    expect(byEvent.evt_other_version).toMatchObject({ status: 'queued', origin: 'auto' });
    const timeline = await auditFor(ctx.store, 'esc_evt_4o');
    expect(timeline.map((e) => [e.actor, e.action])).toEqual([['system', 'create'], ['system', 'route']]);
    expect(timeline[1]?.after).toMatchObject({
      status: 'claimed', claimed_by: 'alice',
      routed_by: { config_id: 'cfg_support', config_version: '2.3.0', provider: 'openai', model: 'gpt-4o' },
    });
  });

  it('a config ingested after its events routes the still-untouched automatic escalations of that version', async () => {
    await ingestEventText(ctx.store, 'events.ndjson', events);
    expect(Object.values(await escalations()).every((e) => e.status === 'queued')).toBe(true);
    const report = await ingestFile(ctx.store, 'configs', fixture('policy-config.yaml'), { actor: 'cli:tester' });
    expect(report).toMatchObject({ total: 1, accepted: 1, inserted: 1, escalationsRouted: 2 });
    const byEvent = await escalations();
    expect(byEvent.evt_4o).toMatchObject({ status: 'claimed', claimed_by: 'alice', origin: 'routed' });
    expect(byEvent.evt_mini).toMatchObject({ status: 'claimed', claimed_by: 'bob' });
    expect(byEvent.evt_claude?.status).toBe('queued');
    expect((await auditFor(ctx.store, 'esc_evt_mini')).map((e) => e.action)).toEqual(['create', 'route']);
    expect((await verifyAudit(ctx.store)).ok).toBe(true);
  });
});

describe('config ingest', () => {
  it('stores the file verbatim with its document; the same file again is a no-op, a changed one updates it', async () => {
    const path = join(ctx.dir, 'policy-config.yaml');
    const text = readFileSync(fixture('policy-config.yaml'), 'utf8');
    writeFileSync(path, text);
    expect(await ingestFile(ctx.store, 'configs', path)).toMatchObject({ inserted: 1 });
    const row = await ctx.store.one<{ source_text: string; name: string; author: string; deployed_at: string; document: string }>(
      "SELECT source_text, name, author, deployed_at, document FROM configs WHERE config_id = 'cfg_support' AND version = '2.3.0'",
    );
    expect(row).toMatchObject({ source_text: text, name: 'Support assistant', author: 'pat', deployed_at: '2026-09-14T09:00:00.000Z' });
    expect(JSON.parse(row!.document).providers.targets).toHaveLength(2);

    const auditBefore = await count(ctx.store, 'audit');
    expect(await ingestFile(ctx.store, 'configs', path)).toMatchObject({ unchanged: 1, inserted: 0, updated: 0 });
    expect(await count(ctx.store, 'audit')).toBe(auditBefore);

    writeFileSync(path, text.replace('author: pat', 'author: sam'));
    expect(await ingestFile(ctx.store, 'configs', path, { actor: 'cli:tester' })).toMatchObject({ updated: 1 });
    const [, change] = await auditFor(ctx.store, 'config:cfg_support@2.3.0');
    expect(change).toMatchObject({ actor: 'cli:tester', action: 'config_import', before: { author: 'pat' }, after: { author: 'sam' } });
    expect(await count(ctx.store, 'configs')).toBe(1);
  });

  it('reports YAML errors and schema errors with the line', async () => {
    const syntax = await ingestFile(ctx.store, 'configs', fixture('bad-yaml.yaml'));
    expect(syntax).toMatchObject({ total: 1, accepted: 0, rejected: 1 });
    expect(syntax.rejections[0]).toMatchObject({ line: 4 });
    expect(syntax.rejections[0]?.reason).toMatch(/^the file is not valid YAML: /);
    const schema = await ingestFile(ctx.store, 'configs', fixture('bad-version.yml'));
    expect(schema.rejections[0]).toMatchObject({ line: 3, field: 'pack.version', reason: 'pack.version must be a SemVer version such as 2.3.0' });
    expect(await count(ctx.store, 'configs')).toBe(0);
  });

  it('refuses a policy action the gateway does not have, naming file, line and field', async () => {
    const path = join(ctx.dir, 'policy-config.yaml');
    writeFileSync(path, readFileSync(fixture('policy-config.yaml'), 'utf8').replace('action: escalate', 'action: explode'));
    const report = await ingestFile(ctx.store, 'configs', path);
    expect(report).toMatchObject({ total: 1, accepted: 0, rejected: 1, inserted: 0 });
    expect(report.rejections[0]).toMatchObject({
      file: path, line: 7, field: 'policies.policy.human-oversight.action',
      reason: 'policies.policy.human-oversight.action must be one of allow, block, redact, escalate',
    });
    expect(await count(ctx.store, 'configs')).toBe(0);
    for (const action of ['allow', 'block', 'redact']) {
      writeFileSync(path, readFileSync(fixture('policy-config.yaml'), 'utf8').replace('action: escalate', `action: ${action}`));
      expect(await ingestFile(ctx.store, 'configs', path)).toMatchObject({ accepted: 1, rejected: 0 });
    }
  });

  it('a config stored before actions were checked is refused by name where it is read, not as a bare schema error', async () => {
    const document = { pack: { id: 'cfg_old', version: '1.0.0' }, policies: { policy: { 'human-oversight': { action: 'explode' } } }, providers: { targets: [{ provider: 'openai', escalation_routing: { user_id: 'bob' } }] } };
    await ctx.store.run("INSERT INTO configs (config_id, version, source_text, document) VALUES ('cfg_old', '1.0.0', '', $document::JSON)", { document: JSON.stringify(document) });
    const message = 'Config cfg_old version 1.0.0 in the store is not valid any more (policies.policy.human-oversight.action: must be one of allow, block, redact, escalate); ingest a corrected file for that version (kt ingest configs FILE), which replaces it.';
    const events = [escalateEvent('evt_old', { config_id: 'cfg_old', config_version: '1.0.0', provider: 'openai' })].map((e) => JSON.stringify(e)).join('\n');
    await expect(ingestEventText(ctx.store, 'events.ndjson', events)).rejects.toThrow(message);
    await expect(configVersion(ctx.store, 'cfg_old', '1.0.0')).rejects.toThrow(message);
    expect(await count(ctx.store, 'events')).toBe(0);
  });

  it('takes JSON configs too', async () => {
    const path = join(ctx.dir, 'policy-config.json');
    writeFileSync(path, JSON.stringify({ pack: { id: 'cfg_json', version: '1.0.0' }, deployed_at: '2026-09-01T00:00:00Z' }, null, 2));
    expect(await ingestFile(ctx.store, 'configs', path)).toMatchObject({ accepted: 1, inserted: 1 });
  });
});
