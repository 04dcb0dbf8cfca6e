import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { openWorld, type World } from './seed.js';
import { kt } from './cli.js';

let world: World;
let server: RunningServer;
beforeEach(async () => {
  world = await openWorld();
  server = await startServer(world.store, { port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await server.close();
  world.close();
});

describe('kt escalations (the CLI client) against a real server', () => {
  it('lists, claims, resolves and reads an escalation', async () => {
    const as = (token: string) => ({ KT_TOKEN: token, KT_SERVER: server.url });
    const alice = as(world.tokens.reviewerA);
    const list = await kt(['escalations', 'list', '--status', 'queued'], alice);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+status\s+severity/);
    expect(list.stdout).toMatch(/esc_q1\s+queued\s+low/);
    expect(list.stdout).not.toMatch(/esc_s1/);
    expect(list.stdout).toMatch(/queued 2 · claimed 1 · resolved 2/);

    const json = await kt(['--json', 'escalations', 'list', '--owner', 'me'], alice);
    expect(JSON.parse(json.stdout).items.map((i: { id: string }) => i.id)).toEqual(['esc_c1', 'esc_r1', 'esc_r2']);

    const claim = await kt(['escalations', 'claim', 'esc_q1', '--server', server.url], { KT_TOKEN: world.tokens.reviewerA });
    expect(claim.code).toBe(0);
    expect(claim.stdout).toMatch(/claimed esc_q1/);

    const lost = await kt(['escalations', 'claim', 'esc_q1'], as(world.tokens.admin));
    expect(lost.code).toBe(6);
    expect(lost.stderr).toMatch(/already claimed by alice/);

    const shortNote = await kt(['escalations', 'resolve', 'esc_q1', '--outcome', 'approved', '--category', 'benign_positive', '--note', 'ok'], alice);
    expect(shortNote.code).toBe(2);
    expect(shortNote.stderr).toMatch(/note is too short/);

    const resolved = await kt(['--json', 'escalations', 'resolve', 'esc_q1', '--outcome', 'approved', '--category', 'false_positive', '--cause', 'policy_logic', '--note', 'Killing a process is not violence.'], alice);
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ id: 'esc_q1', status: 'resolved', reviewer: 'alice', category: 'false_positive' });

    const get = await kt(['escalations', 'get', 'esc_q1'], alice);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/esc_q1\s+RESOLVED/);
    expect(get.stdout).toMatch(/pattern: 5 escalations share human-oversight \/ violence_terms \/ 2.3.0/);
    expect(get.stdout).toMatch(/alice\s+resolve\s+status: claimed → resolved/);

    const foreign = await kt(['escalations', 'get', 'esc_s1'], alice);
    expect(foreign.code).toBe(4);
    expect(foreign.stderr).toMatch(/No escalation esc_s1/);
  });

  it('claims the next queued escalation with claim-next, and exits 4 once none is left', async () => {
    const alice = { KT_TOKEN: world.tokens.reviewerA, KT_SERVER: server.url };
    const due = await kt(['escalations', 'claim-next', '--sort', 'due'], alice);
    expect(due.code).toBe(0);
    expect(due.stdout).toMatch(/^claimed esc_q2\n/);
    // Text tables give times to the minute, with their zone.
    expect(due.stdout).toMatch(/esc_q2\s+claimed\s+critical\s+\S+\s+2026-03-02 11:00 UTC\s+OVERDUE\s+alice/);
    const json = await kt(['--json', 'escalations', 'claim-next', '--team', 'support'], alice);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'esc_q1', status: 'claimed', owner: 'alice' });
    const none = await kt(['escalations', 'claim-next'], alice);
    expect(none).toMatchObject({ code: 4, stdout: '', stderr: 'kt: No queued escalation in your teams: there is nothing to claim.\n' });
    const flag = await kt(['escalations', 'claim-next', '--overdue', 'maybe'], alice);
    expect(flag).toMatchObject({ code: 2, stderr: 'kt: Invalid --overdue "maybe": must be true or false.\n' });
    expect((await kt(['escalations', 'claim-next'], { KT_TOKEN: world.tokens.policyOwner, KT_SERVER: server.url })).code).toBe(5);
  });

  it('refuses a team no event belongs to with exit code 2 and the server\'s sentence', async () => {
    const admin = { KT_TOKEN: world.tokens.admin, KT_SERVER: server.url };
    const refused = await kt(['escalations', 'list', '--team', 'suport'], admin);
    expect(refused).toMatchObject({ code: 2, stdout: '', stderr: 'kt: Unknown team suport: no event belongs to it; the teams are sales, support.\n' });
    const json = await kt(['--json', 'escalations', 'list', '--team', 'suport'], admin);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'bad_input', details: { field: 'team', value: 'suport' } } });
    // A team that is there, with nothing matching, is an empty page.
    expect(await kt(['escalations', 'list', '--team', 'sales', '--status', 'claimed'], admin)).toMatchObject({ code: 0 });
  });

  it('refuses an empty id and a bad --limit before asking the server', async () => {
    const alice = { KT_TOKEN: world.tokens.reviewerA, KT_SERVER: server.url };
    for (const command of ['get', 'claim', 'unclaim']) {
      const empty = await kt(['escalations', command, ''], alice);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toBe('kt: The escalation id "" must not be empty: give one such as esc_evt_123 (kt escalations list prints them).\n');
    }
    const blank = await kt(['--json', 'escalations', 'get', '  '], alice);
    expect(JSON.parse(blank.stderr)).toMatchObject({ error: { code: 'bad_input', details: { field: 'id', value: '  ' } } });
    for (const limit of ['0', '501', 'many', '']) {
      const refused = await kt(['escalations', 'list', '--limit', limit], alice);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`kt: --limit: expected a whole number from 1 to 500, got "${limit}"\n`);
    }
  });

  it('marks the options resolve cannot run without in its help', async () => {
    const help = await kt(['escalations', 'resolve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--outcome <outcome>\s+\(required\) approved \| denied/);
    expect(help.stdout).toMatch(/--note <text>\s+\(required\)/);
    expect(help.stdout).toMatch(/--follow-up <action>\s+none/);
  });

  it('says clearly when the server is unreachable or refuses the token', async () => {
    await server.close();
    const unreachable = await kt(['escalations', 'list'], { KT_TOKEN: world.tokens.reviewerA, KT_SERVER: server.url });
    expect(unreachable.code).toBe(7);
    expect(unreachable.stderr).toContain(`Cannot reach the kt server at ${server.url}`);
    server = await startServer(world.store, { port: 0, host: '127.0.0.1' });
    const noToken = await kt(['escalations', 'list'], { KT_SERVER: server.url });
    expect(noToken.code).toBe(5);
    expect(noToken.stderr).toMatch(/set KT_TOKEN/);
    const badToken = await kt(['escalations', 'list'], { KT_SERVER: server.url, KT_TOKEN: 'kt_nope' });
    expect(badToken.code).toBe(5);
    expect(badToken.stderr).toMatch(/unknown or has been revoked/);
  });
});
