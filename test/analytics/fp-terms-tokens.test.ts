import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falsePositiveClusters } from '../../src/analytics/false-positives.js';
import { openStore, type Store } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { query } from '../../src/store/queries.js';

// Pins how queries/fp_cluster_terms.sql tokenises a request (set-based, one unnest per
// request): lower-cased runs of letters and digits (accents included); words that are
// stop words, one letter long or bare numbers never count alone; a two-word phrase
// counts unless both words are stop words or either is a bare number; a repeated word
// counts each time; the last word starts no phrase; the next cluster's words never
// pair with this one's.
const requests = [
  { id: 'a', category: 'false_positive', team: 'support', request: 'Kill the Python process, kill it 2 times on port 8080' },
  { id: 'b', category: 'false_positive', team: 'sales', request: 'Café résumé of the day; x marks' },
  { id: 'c', category: 'true_positive', team: 'support', request: 'stab him now' },
  { id: 'd', category: 'false_positive', team: 'support', request: 'shoot photos', policy: 'other-policy' },
] as const;

let store: Store;
beforeAll(async () => {
  store = await openStore(':memory:');
  for (const [i, r] of requests.entries()) {
    const at = `2026-09-0${i + 1}T10:00:00Z`;
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, team, request)
       VALUES ($id, $at::TIMESTAMPTZ, 'escalate', 'violence_terms', $policy, 'cfg_t', '1.0.0', $team, $request)`,
      { id: `evt_${r.id}`, at, policy: 'policy' in r ? r.policy : 'human-oversight', team: r.team, request: r.request },
    );
    await store.run(
      `INSERT INTO escalations (id, event_id, created_at, status, outcome, category, resolved_at, origin)
       VALUES ($id, $event_id, $at::TIMESTAMPTZ, 'resolved', 'approved', $category, $at::TIMESTAMPTZ, 'import')`,
      { id: `esc_${r.id}`, event_id: `evt_${r.id}`, at, category: r.category },
    );
  }
  await store.run(query('escalation_event_fields_fill'));
  await rebuildEventTraffic(store);
});
afterAll(() => store.close());

describe('separating terms: tokens and phrases (queries/fp_cluster_terms.sql)', () => {
  it('counts the words and phrases of each request as documented, within its own cluster', async () => {
    const clusters = await falsePositiveClusters(store, { terms: 50 }, 'everyone', new Date('2026-10-01T00:00:00Z'));
    const termsOf = (policy: string) =>
      clusters.find((c) => c.policy === policy)!.top_terms.map((t) => [t.term, t.false_positives, t.true_positives]);
    // Not there: the, it, on, of (stop words), 2 and 8080 (numbers), x (one letter), "of the"
    // (two stop words), "it 2", "2 times", "port 8080" (a number), "marks stab" or
    // "marks shoot" (across requests); the true positive's words never lean to false positives.
    expect(termsOf('human-oversight')).toEqual([
      ['kill', 2, 0],
      ['café', 1, 0], ['café résumé', 1, 0], ['day', 1, 0], ['day x', 1, 0], ['kill it', 1, 0], ['kill the', 1, 0],
      ['marks', 1, 0], ['on port', 1, 0], ['port', 1, 0], ['process', 1, 0], ['process kill', 1, 0], ['python', 1, 0],
      ['python process', 1, 0], ['résumé', 1, 0], ['résumé of', 1, 0], ['the day', 1, 0], ['the python', 1, 0],
      ['times', 1, 0], ['times on', 1, 0], ['x marks', 1, 0],
    ]);
    expect(termsOf('other-policy')).toEqual([['photos', 1, 0], ['shoot', 1, 0], ['shoot photos', 1, 0]]);
    const [kill, cafe] = clusters.find((c) => c.policy === 'human-oversight')!.top_terms;
    expect(kill!.z).toBeCloseTo(0.380138, 5);
    expect(cafe!.z).toBeCloseTo(0.259569, 5);
  });
});
