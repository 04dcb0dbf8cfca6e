// Evidence export at scale: N resolved escalations (default 10,000) with one audit
// entry each, exported with and without the PDF; prints time, peak RSS of the node
// process and the pack's size. Run after `npm run build`: node bench/evidence-export.mjs [N] [--pdf]
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../dist/store/database.js';
import { exportEvidence } from '../dist/evidence/export.js';
import { rebuildEventTraffic } from '../dist/store/event-traffic.js';

const n = Number(process.argv[2] ?? 10_000);
const pdf = process.argv.includes('--pdf');
const dir = mkdtempSync(join(tmpdir(), 'kt-bench-evidence-'));
const out = join(dir, 'pack');
let peak = 0;
const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
try {
  // The pack is staged beside its folder: DuckDB writes in the folder's parent.
  const store = await openStore(join(dir, 'kt.duckdb'), { allowedDirectories: [dir] });
  await store.run(`INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, team, request)
    SELECT 'evt_' || i, TIMESTAMPTZ '2026-07-01 00:00:00+00' + to_minutes(i * 10), 'escalate', 'violence_terms', 'human-oversight',
           'cfg_support', '1.0.0', ['red', 'blue', 'green'][1 + i % 3], 'how do I kill process number ' || i
    FROM range(?) t(i)`, [n]);
  await rebuildEventTraffic(store);
  await store.run(`INSERT INTO escalations (id, event_id, created_at, status, severity, claimed_by, claimed_at, resolved_by, resolved_at, outcome, category, cause, note, origin)
    SELECT 'esc_' || id, id, "timestamp", 'resolved', 'medium', 'alice', "timestamp" + INTERVAL 5 MINUTE, 'alice', "timestamp" + INTERVAL 30 MINUTE,
           'approved', 'false_positive', 'policy_logic', 'Process management question about ' || id || ', not violence.', 'import'
    FROM events`);
  await store.run(`INSERT INTO audit (seq, recorded_at, actor, action, target, before, after, prev_hash, hash)
    SELECT row_number() OVER (ORDER BY id), strftime(created_at, '%Y-%m-%dT%H:%M:%S.000Z'), 'importer', 'import', id, NULL,
           '{"status":"resolved"}', repeat('0', 64), repeat('0', 64) FROM escalations`);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const result = await exportEvidence(store, { from: '2026-07-01', to: '2027-01-01', reason: 'bench' }, { outDir: out, actor: 'bench', viewer: 'everyone', pdf });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  const bytes = readdirSync(out).reduce((total, f) => total + statSync(join(out, f)).size, 0);
  console.log(JSON.stringify({
    escalations: result.manifest.counts.escalations, pdf, seconds: Number(seconds.toFixed(1)),
    rss_before_mb: Math.round(rssBefore / 2 ** 20), rss_peak_mb: Math.round(peak / 2 ** 20),
    pack_mb: Number((bytes / 2 ** 20).toFixed(1)),
    files: Object.fromEntries(result.manifest.files.map((f) => [f.path, Math.round(f.bytes / 1024) + ' KiB'])),
  }, null, 2));
} finally {
  clearInterval(sample);
  rmSync(dir, { recursive: true, force: true });
}
