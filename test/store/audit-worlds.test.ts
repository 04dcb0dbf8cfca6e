import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/store/audit.js';
import { fixtureStore } from '../reports/fixture.js';
import { openWorld } from '../review/seed.js';
import { openWebWorld } from '../web/world.js';

// The stores the tests build by hand keep verifying as kt's audit verify holds more fields (times, severity).

describe('audit verify on every test world', () => {
  it('the review world (test/review/seed.ts)', async () => {
    const world = await openWorld();
    try {
      expect(await verifyAudit(world.store)).toMatchObject({ ok: true, state: { mismatched: 0 }, users: { mismatched: 0 } });
    } finally {
      world.close();
    }
  });

  it('the web world (test/web/world.ts)', async () => {
    const world = await openWebWorld();
    try {
      expect(await verifyAudit(world.store)).toMatchObject({ ok: true, state: { mismatched: 0 }, users: { mismatched: 0 } });
    } finally {
      world.close();
    }
  });

  it('the reports fixture (test/reports/fixture.ts), whose imports record resolved_at', async () => {
    const fixture = await fixtureStore();
    try {
      expect(await verifyAudit(fixture.store)).toMatchObject({ ok: true, state: { mismatched: 0 } });
      await fixture.store.run(`UPDATE escalations SET resolved_at = resolved_at - INTERVAL 1 DAY WHERE id = (SELECT min(id) FROM escalations WHERE status = 'resolved')`);
      expect(await verifyAudit(fixture.store)).toMatchObject({ ok: false, state: { mismatched: 1, first: [{ field: 'resolved_at' }] } });
    } finally {
      fixture.cleanup();
    }
  });
});
