import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falsePositiveClusters } from '../../src/analytics/false-positives.js';
import { tuningComparison } from '../../src/analytics/tuning.js';
import { reviewVolume } from '../../src/analytics/volume.js';
import { generateDemo, type GenerateSummary } from '../../src/demo/generate.js';
import { storyConfigId, storyPolicy, storyReasonCode, storyVersions } from '../../src/demo/story.js';
import { ingestFile } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';

/** The demo data (a tenth of its full size, fixed seed) must tell the planted story through the analytics. */
let dir: string;
let store: Store;
let summary: GenerateSummary;
const end = new Date('2026-11-20T00:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-demo-story-'));
  summary = await generateDemo({ seed: 7, scale: 0.1, end, dir: join(dir, 'data') });
  store = await openStore(join(dir, 'kt.duckdb'), { allowedDirectories: [join(dir, 'data')] });
  for (const file of summary.files.configs) await ingestFile(store, 'configs', file, { actor: 'test' });
  await ingestFile(store, 'events', summary.files.events, { actor: 'test' });
  await ingestFile(store, 'escalations', summary.files.escalations, { actor: 'test' });
}, 240_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo story, as the analytics tell it', () => {
  it('ranks the over-broad rule\'s cluster first, with its benign phrases as top terms', async () => {
    const [first] = await falsePositiveClusters(store, { terms: 10 }, 'everyone', end);
    expect(first).toMatchObject({ config_id: storyConfigId, policy: storyPolicy, reason_code: storyReasonCode, config_version: storyVersions.broad });
    // The benign phrases the 2.4.0 `unless` exempts are among the separating terms.
    const terms = first!.top_terms.map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['shoot me']));
    expect(terms.some((t) => /email|python|note/.test(t))).toBe(true);
  });

  it('shows the narrowing version as improved', async () => {
    const result = await tuningComparison(store, {
      config_id: storyConfigId, policy: storyPolicy, reason_code: storyReasonCode,
      before: storyVersions.broad, after: storyVersions.narrowed,
    }, 'everyone', end);
    expect(result.verdict).toBe('improved');
    expect(result.after.escalations_per_1k!).toBeLessThan(result.before.escalations_per_1k!);
  });

  it('flags the over-broad rollout: several teams rose together', async () => {
    const volume = await reviewVolume(store, { config_id: storyConfigId }, 'everyone', end);
    const rollout = volume.rollout_impact.find((r) => r.config_version === storyVersions.broad)!;
    expect(rollout.flagged).toBe(true);
    // The same issue in several teams: the broad violence_terms list.
    const [issue] = rollout.issues;
    expect(issue).toMatchObject({ policy: storyPolicy, reason_code: storyReasonCode });
    expect(issue!.teams_rising).toBeGreaterThanOrEqual(2);
    // The narrowing deploy brought rates down: nothing to flag.
    const narrowed = volume.rollout_impact.find((r) => r.config_version === storyVersions.narrowed)!;
    expect(narrowed.flagged).toBe(false);
  });
});
