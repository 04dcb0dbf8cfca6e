import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { parseEventFilter } from '../../src/events/index.js';
import { summarizeEvents } from '../../src/events/summary.js';
import { openWorld, type World } from '../review/seed.js';
import { kt } from '../review/cli.js';
import { fixtureDb, removeDir } from './fixture.js';

let world: World;
let server: RunningServer;
let fixture: { dir: string; db: string };
beforeAll(async () => {
  world = await openWorld();
  server = await startServer(world.store, { port: 0, host: '127.0.0.1' });
  fixture = await fixtureDb();
});
afterAll(async () => {
  await server.close();
  world.close();
  removeDir(fixture.dir);
});

describe('kt events tail and summary against a kt server', () => {
  it('tails the events of the token\'s teams, as a table or as JSON lines', async () => {
    const alice = { KT_TOKEN: world.tokens.reviewerA };
    const table = await kt(['events', 'tail', '--since', '3650d', '--server', server.url], alice);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time \(UTC\)\s+verdict\s+policy/);
    // Alice reviews support: five events, newest first, none of sales'.
    expect(lines.slice(2).map((l) => l.match(/evt_\w+/)?.[0])).toEqual(['evt_r2', 'evt_r1', 'evt_c1', 'evt_q2', 'evt_q1']);
    const json = await kt(['--json', 'events', 'tail', '--limit', '2', '--server', server.url], alice);
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['evt_r2', 'evt_r1']);
  });

  it('summarizes as the server\'s summarizeEvents does for the token\'s teams, KT_SERVER being enough', async () => {
    const bob = { KT_TOKEN: world.tokens.reviewerB, KT_SERVER: server.url };
    const json = await kt(['--json', 'events', 'summary', '--since', '2026-01-01T00:00:00Z'], bob);
    expect(json.code).toBe(0);
    const expected = await summarizeEvents(world.store, parseEventFilter({ since: '2026-01-01T00:00:00Z', visibleTeams: ['sales'] }));
    expect(JSON.parse(json.stdout)).toEqual(expected);
    expect(expected.events).toBe(2);
    const text = await kt(['events', 'summary', '--since', '2026-01-01T00:00:00Z'], bob);
    expect(text.stdout).toMatch(/^2 events match \(since 2026-01-01 00:00 UTC\)\.\n/);
    expect(text.stdout).toContain('\nFlagged events by team:\nteam   events\n-----  ------\nsales  2\n');
  });

  it('refuses what the server refuses, with its sentence and exit code', async () => {
    const alice = { KT_TOKEN: world.tokens.reviewerA, KT_SERVER: server.url };
    const foreign = await kt(['events', 'summary', '--team', 'sales'], alice);
    expect(foreign).toMatchObject({ code: 5, stdout: '', stderr: 'kt: You may not see team sales; your teams are support.\n' });
    const unknown = await kt(['events', 'tail', '--team', 'suport'], { ...alice, KT_TOKEN: world.tokens.policyOwner });
    expect(unknown).toMatchObject({ code: 2, stderr: 'kt: Unknown team suport: no event belongs to it; the teams are sales, support.\n' });
    const noToken = await kt(['events', 'tail'], { KT_SERVER: server.url });
    expect(noToken.code).toBe(5);
    expect(noToken.stderr).toMatch(/No API token: set KT_TOKEN/);
    // A bad value is refused before any request, in the flag's words.
    expect((await kt(['events', 'tail', '--verdict', 'maybe'], alice)).stderr).toMatch(/^kt: --verdict "maybe" must be one of/);
  });

  it('reads the file when --db is given, refuses --db with --server, and --follow with a server', async () => {
    const env = { KT_TOKEN: world.tokens.reviewerA, KT_SERVER: server.url };
    // --db beats KT_SERVER: the fixture file's ten events, not the server's.
    const file = await kt(['--db', fixture.db, '--json', 'events', 'summary'], env);
    expect(file.code).toBe(0);
    expect(JSON.parse(file.stdout).events).toBe(10);
    const both = await kt(['--db', fixture.db, 'events', 'tail', '--server', server.url], env);
    expect(both).toMatchObject({ code: 2, stdout: '', stderr: 'kt: Give --db (read the store file) or --server (ask a kt server), not both.\n' });
    const follow = await kt(['events', 'tail', '--follow'], env);
    expect(follow.code).toBe(2);
    expect(follow.stderr).toMatch(/^kt: --follow reads the store file as events arrive; it does not work with a server/);
  });
});
