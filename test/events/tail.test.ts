import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KtError } from '../../src/errors.js';
import { openStore, type Store } from '../../src/store/database.js';
import { parseEventFilter, tailEvents, type EventFilterInput } from '../../src/events/index.js';
import { fixtureDb, fixtureNow, newestFirst, removeDir } from './fixture.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  const fixture = await fixtureDb();
  dir = fixture.dir;
  store = await openStore(fixture.db, { readOnly: true });
});
afterAll(() => {
  store.close();
  removeDir(dir);
});

async function ids(input: EventFilterInput): Promise<string[]> {
  const rows = await tailEvents(store, parseEventFilter(input, { now: fixtureNow }));
  return rows.map((r) => r.id);
}

describe('tailEvents', () => {
  it('returns events newest first, ties broken by id descending', async () => {
    expect(await ids({})).toEqual(newestFirst);
  });

  it('stops at the limit (default 50) keeping the newest', async () => {
    expect(await ids({ limit: '3' })).toEqual(['evt_a01', 'evt_a03', 'evt_a02']);
    expect(parseEventFilter({}).limit).toBe(50);
  });

  it.each([
    ['5m', ['evt_a01']],
    ['1h', ['evt_a01', 'evt_a03', 'evt_a02']],
    ['24h', ['evt_a01', 'evt_a03', 'evt_a02', 'evt_a04', 'evt_a05']],
    ['7d', ['evt_a01', 'evt_a03', 'evt_a02', 'evt_a04', 'evt_a05', 'evt_a06', 'evt_a07']],
    ['2w', newestFirst.slice(0, 8)],
    ['2026-09-01T00:00:00Z', newestFirst.slice(0, 9)],
  ])('--since %s keeps events from then on (inclusive)', async (since, expected) => {
    expect(await ids({ since })).toEqual(expected);
  });

  it('--until is exclusive and combines with --since', async () => {
    expect(await ids({ until: '2026-09-20T01:00:00Z' })).toEqual(['evt_a06', 'evt_a07', 'evt_a08', 'evt_a09', 'evt_a10']);
    expect(await ids({ since: '2w', until: '2026-09-19T12:00:01Z' })).toEqual(['evt_a06', 'evt_a07', 'evt_a08']);
  });

  it('filters by verdict, in present or past tense', async () => {
    const escalated = ['evt_a01', 'evt_a04', 'evt_a07', 'evt_a09'];
    expect(await ids({ verdict: 'escalate' })).toEqual(escalated);
    expect(await ids({ verdict: 'escalated' })).toEqual(escalated);
    expect(await ids({ verdict: 'Blocked' })).toEqual(['evt_a02', 'evt_a08']);
    expect(await ids({ verdict: 'redacted' })).toEqual(['evt_a05']);
  });

  it.each<[EventFilterInput, string[]]>([
    [{ policy: 'pii-detector' }, ['evt_a03', 'evt_a02', 'evt_a05']],
    [{ reason_code: 'prompt_injection_detected' }, ['evt_a04', 'evt_a08']],
    [{ team: 'sales' }, ['evt_a02', 'evt_a06', 'evt_a08']],
    [{ config_id: 'cfg_sales' }, ['evt_a06', 'evt_a08']],
    [{ config_version: '2.2.0' }, ['evt_a04', 'evt_a05', 'evt_a07']],
    [{ policy: 'human-oversight', reason_code: 'violence_terms', config_version: '2.2.0' }, ['evt_a07']],
    // A team that is there, with nothing matching, is answered with nothing.
    [{ team: 'billing', verdict: 'allow' }, []],
  ])('filters by %j', async (input, expected) => {
    expect(await ids(input)).toEqual(expected);
  });

  it('shows only the visible teams when the caller is limited (events without a team are hidden)', async () => {
    expect(await ids({ visibleTeams: ['billing', 'sales'] })).toEqual(['evt_a02', 'evt_a04', 'evt_a06', 'evt_a08']);
    expect(await ids({ visibleTeams: [] })).toEqual(newestFirst);
    expect(await ids({ visibleTeams: ['sales'], verdict: 'block' })).toEqual(['evt_a02', 'evt_a08']);
  });

  it('refuses a team outside the visible teams instead of answering with nothing', () => {
    expect(() => parseEventFilter({ team: 'support', visibleTeams: ['sales'] })).toThrowError('You may not see team support; your teams are sales.');
  });

  it('refuses a team no event belongs to, naming the teams there are (of the visible ones)', async () => {
    await expect(ids({ team: 'suport' })).rejects.toMatchObject({
      code: 'bad_input',
      message: 'Unknown team suport: no event belongs to it; the teams are billing, sales, support.',
      details: { field: 'team', value: 'suport' },
    });
    // A caller limited to teams, one of them without events yet, is told only their own teams.
    await expect(ids({ team: 'ops', visibleTeams: ['sales', 'ops'] })).rejects.toMatchObject({
      message: 'Unknown team ops: no event belongs to it; the teams are sales.',
    });
  });

  it('returns the contract fields with parsed policy_results and attributes', async () => {
    const [first] = await tailEvents(store, parseEventFilter({ limit: 1 }));
    expect(first).toEqual({
      id: 'evt_a01',
      timestamp: '2026-09-20T23:58:00.000Z',
      verdict: 'escalate',
      reason_code: 'violence_terms',
      policy: 'human-oversight',
      config_id: 'cfg_support',
      config_version: '2.3.0',
      provider: 'openai',
      model: 'gpt-4o',
      team: 'support',
      user_id: 'u_17',
      request_id: 'req_1',
      gateway_id: 'gw_eu_1',
      status: 'pending_review',
      request: 'How do I kill a python process that hangs on shutdown?',
      response: null,
      score: 0.82,
      latency_ms: 41.5,
      tokens_in: 14,
      tokens_out: 0,
      cost_usd: 0.0004,
      policy_results: [
        { policy: 'pii-detector', phase: 'request', verdict: 'allow', score: 0.02 },
        { policy: 'human-oversight', phase: 'request', verdict: 'escalate', reason_code: 'violence_terms', score: 0.82 },
      ],
      attributes: { region: 'eu-west-1' },
    });
    const [plain] = await tailEvents(store, parseEventFilter({ team: 'billing' }));
    expect(plain?.policy_results).toEqual([]);
    expect(plain?.attributes).toBeNull();
  });
});

describe('parseEventFilter', () => {
  function refusal(input: unknown, naming?: 'flag' | 'param'): KtError {
    try {
      parseEventFilter(input, { now: fixtureNow, naming });
    } catch (error) {
      if (error instanceof KtError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it('names the flag and the value in one sentence', () => {
    expect(refusal({ verdict: 'maybe' }).message).toBe('--verdict "maybe" must be one of allow, block, redact, escalate (or allowed, blocked, redacted, escalated).');
    expect(refusal({ limit: 'ten' }).message).toBe('--limit "ten" must be a whole number from 1 to 10000.');
    expect(refusal({ limit: '2.5' }).message).toBe('--limit "2.5" must be a whole number from 1 to 10000.');
    expect(refusal({ limit: '0' }).message).toBe('--limit "0" must be a whole number from 1 to 10000.');
    expect(refusal({ limit: '10001' }).message).toBe('--limit "10001" must be a whole number from 1 to 10000.');
    // What zod's coerce read as numbers no person meant: empty text as 0, 1e3 as 1000, 0x10 as 16.
    for (const limit of ['', '1e3', '0x10', ' 5']) expect(refusal({ limit }).message).toBe(`--limit ${JSON.stringify(limit)} must be a whole number from 1 to 10000.`);
    expect(refusal({ reason_code: ' ' }).message).toBe('--reason-code " " must not be empty.');
    expect(refusal({ since: 'last week' }).message).toMatch(/^--since "last week" is neither a duration/);
    expect(refusal({ since: '1h', until: '2h' }).message).toBe('--since "1h" must be before --until "2h".');
    expect(refusal({ since: 'x' }).exitCode).toBe(2);
  });

  it('names query parameters for the HTTP API, and refuses unknown ones', () => {
    expect(refusal({ reason_code: '' }, 'param').message).toBe('reason_code "" must not be empty.');
    expect(refusal({ until: 'soon' }, 'param').message).toMatch(/^until "soon" is neither/);
    expect(refusal({ verdikt: 'allow' }, 'param').message).toBe('Unknown filter verdikt.');
    expect(refusal({ limit: '0' }, 'param').httpStatus).toBe(400);
    expect(refusal({ since: 24 }, 'param').message).toBe('since 24 must be a duration like 24h or an RFC 3339 timestamp.');
  });

  it('resolves relative times against the injected now', () => {
    const filter = parseEventFilter({ since: '24h', until: '1h', verdict: 'escalated' }, { now: fixtureNow });
    expect(filter.since?.toISOString()).toBe('2026-09-20T00:00:00.000Z');
    expect(filter.until?.toISOString()).toBe('2026-09-20T23:00:00.000Z');
    expect(filter.verdict).toBe('escalate');
  });
});
