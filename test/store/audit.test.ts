import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { appendAudit, auditFor, verifyAudit } from '../../src/store/audit.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-audit-'));
  store = await openStore(join(dir, 'kt.duckdb'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seed(n: number): Promise<void> {
  await store.transaction((tx) =>
    appendAudit(tx, Array.from({ length: n }, (_, i) => ({
      actor: 'pat', action: 'config_import' as const, target: `config:cfg_${i % 3}`,
      before: null, after: { version: `1.0.${i}` },
    }))),
  );
}

describe('audit chain', () => {
  it('verifies an untouched chain across transactions', async () => {
    await seed(5);
    await seed(1000);
    const result = await verifyAudit(store);
    expect(result).toMatchObject({ ok: true, entries: 1005 });
    expect((await auditFor(store, 'config:cfg_1')).map((e) => e.seq).slice(0, 2)).toEqual([2, 5]);
  });

  it('names the first entry whose content was changed', async () => {
    await seed(10);
    await store.run(`UPDATE audit SET after = '{"version":"9.9.9"}' WHERE seq = 4`);
    expect(await verifyAudit(store)).toMatchObject({ ok: false, firstBroken: { seq: 4 } });
  });

  it('names a deleted entry', async () => {
    await seed(10);
    await store.run('DELETE FROM audit WHERE seq = 7');
    const result = await verifyAudit(store);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(8);
    expect(result.firstBroken?.reason).toMatch(/entry 7 is missing/);
  });

  it('rolls back with the change it records', async () => {
    await expect(store.transaction(async (tx) => {
      await appendAudit(tx, [{ actor: 'a', action: 'config_import', target: 'config:cfg_x' }]);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await verifyAudit(store)).toMatchObject({ ok: true, entries: 0 });
  });
});
