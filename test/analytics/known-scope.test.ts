import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backlog } from '../../src/analytics/backlog.js';
import { falsePositiveClusters } from '../../src/analytics/false-positives.js';
import { resolutionQuality } from '../../src/analytics/quality.js';
import { reviewVolume } from '../../src/analytics/volume.js';
import type { Principal } from '../../src/domain/user.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

// A misspelt team or config id is refused, naming what is there, instead of answered with zeros.
let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

const unknownTeam = { code: 'bad_input', message: 'Unknown team rde: no event belongs to it; the teams are blue, green, red.', details: { field: 'team', value: 'rde' } };

describe('the scope of a question names only what the store holds', () => {
  it('refuses a team no event belongs to, in every question, naming the teams', async () => {
    await expect(falsePositiveClusters(store, { team: 'rde' }, 'everyone', fixtureNow)).rejects.toMatchObject(unknownTeam);
    await expect(reviewVolume(store, { team: 'rde' }, 'everyone', fixtureNow)).rejects.toMatchObject(unknownTeam);
    await expect(backlog(store, { team: 'rde' }, 'everyone', fixtureNow)).rejects.toMatchObject(unknownTeam);
    await expect(resolutionQuality(store, { team: 'rde' }, 'everyone', fixtureNow)).rejects.toMatchObject(unknownTeam);
    // A team that is there, even with nothing in the window, is answered.
    expect((await backlog(store, { team: 'red', since: '2026-09-20T23:00:00Z' }, 'everyone', fixtureNow)).overall.escalations).toBe(0);
  });

  it('tells a caller limited to teams only their own teams', async () => {
    const viewer: Principal = { id: 'rita', role: 'policy_owner', teams: ['red', 'purple'] };
    await expect(falsePositiveClusters(store, { team: 'purple' }, viewer, fixtureNow)).rejects.toMatchObject({
      message: 'Unknown team purple: no event belongs to it; the teams are red.',
    });
    // Another team stays a refusal of access, not a list of names.
    await expect(falsePositiveClusters(store, { team: 'blue' }, viewer, fixtureNow)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses a config id that is neither stored nor evaluated, naming the stored ones to an unlimited caller only', async () => {
    await expect(reviewVolume(store, { config_id: 'cfg_suport' }, 'everyone', fixtureNow)).rejects.toMatchObject({
      code: 'bad_input',
      message: 'Unknown config cfg_suport: it is not stored and no event was evaluated under it; the configs are cfg_support.',
      details: { field: 'config_id' },
    });
    const viewer: Principal = { id: 'rita', role: 'policy_owner', teams: ['red'] };
    await expect(reviewVolume(store, { config_id: 'cfg_suport' }, viewer, fixtureNow)).rejects.toMatchObject({
      message: 'Unknown config cfg_suport: it is not stored and no event was evaluated under it.',
    });
  });
});
