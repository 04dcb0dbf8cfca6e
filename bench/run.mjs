#!/usr/bin/env node
// kt benchmarks: ingest, analytics, HTTP and PDF, each beside the raw DuckDB limit and
// PostgreSQL doing the same work in the same run. Writes bench/RESULTS.md.
// Usage: npm run bench [-- --scale 25 --runs 3]   (scale 1 ≈ 200k events, 25 ≈ 5M)
import { spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { kt, ktBin } from './lib/kt.mjs';
import { fmt, spread, summarise, timeAsync, timeCommand } from './lib/measure.mjs';
import { autocannonLoad } from './lib/autocannon-load.mjs';
import { request } from './lib/http-load.mjs';
import { startPostgres } from './lib/postgres.mjs';
import http from 'node:http';

const { values: flags } = parseArgs({ options: {
  scale: { type: 'string', default: '25' },
  runs: { type: 'string', default: '3' },
  dir: { type: 'string', default: process.env.KT_BENCH_DIR ?? '/tmp/kt-bench' },
  out: { type: 'string', default: fileURLToPath(new URL('./RESULTS.md', import.meta.url)) },
} });
const scale = Number(flags.scale);
const runs = Number(flags.runs);
const work = flags.dir;
const here = fileURLToPath(new URL('.', import.meta.url));
const log = (m) => process.stderr.write(`bench: ${m}\n`);
const results = { ingest: [], queries: [], http: {}, pdf: [], notes: [] };

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// ---- data -------------------------------------------------------------------
log(`generating and loading the demo at scale ${scale} …`);
const demoDb = join(work, 'demo.duckdb');
const t0 = performance.now();
const demo = JSON.parse(kt(['demo', '--scale', String(scale), '--end', 'today', '--out', join(work, 'data'), '--db', demoDb, '--force', '--json']));
results.demoSeconds = (performance.now() - t0) / 1000;
const ndjson = join(work, 'data', 'events.ndjson');
const csv = join(work, 'data', 'events.csv');
const tokens = Object.fromEntries(demo.users.map((u) => [u.id, u.token]));
{
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  // The same rows as CSV, with nested fields as JSON text (the contract's CSV form).
  await c.run(`COPY (SELECT id, strftime("timestamp", '%Y-%m-%dT%H:%M:%S.%gZ') AS "timestamp", verdict, reason_code, policy, config_id, config_version,
      provider, model, team, user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
      to_json(policy_results) AS policy_results
    FROM read_ndjson(?, timestampformat = '%Y-%m-%dT%H:%M:%S.%gZ')) TO '${csv}' (HEADER)`, [ndjson]);
  const n = await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM read_csv(?)', [csv]);
  results.events = n.getRowObjectsJson()[0].n;
  c.closeSync(); instance.closeSync();
}
log(`${results.events} events; demo took ${fmt(results.demoSeconds)} s`);

const pg = startPostgres(54000 + (process.pid % 1000));
if (pg.skipped) results.notes.push(pg.skipped);
// Never leave the temporary cluster running, whatever happens below.
process.on('exit', () => pg.stop?.());
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const pgTime = (sql, vars = {}) => {
  // Server-side time as psql's \timing reports it, summed over the statements.
  const args = ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAt', '-o', '/dev/null'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  const r = spawnSync(pg.psqlBin, args, { input: `\\timing on\n${sql}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].reduce((s, m) => s + Number(m[1]), 0) / 1000;
};
const sqlFile = (name) => readText(join(here, 'postgres', name));
function readText(p) { return spawnSync('cat', [p], { encoding: 'utf8' }).stdout; }

// ---- 1. ingest ----------------------------------------------------------------
const seedFile = join(work, 'seed.ndjson');
writeFileSync(seedFile, JSON.stringify({ id: 'evt_bench_seed', timestamp: '2020-01-01T00:00:00Z', verdict: 'allow' }) + '\n');
for (const [format, file] of [['ndjson', ndjson], ['csv', csv]]) {
  log(`ingest ${format} …`);
  const db = join(work, `ingest-${format}.duckdb`);
  const fresh = () => { rmSync(db, { force: true }); rmSync(`${db}.wal`, { force: true }); };
  const ktRun = timeCommand(process.execPath, [ktBin, 'ingest', 'events', file, '--db', db, '--json'], { runs, setup: fresh, env: { CI: '1' } });
  // The same file into a store that already holds an event: the merge with the stored rows, not the bulk load.
  const seeded = () => { fresh(); kt(['ingest', 'events', seedFile, '--db', db]); };
  const ktMerge = timeCommand(process.execPath, [ktBin, 'ingest', 'events', file, '--db', db, '--json'], { runs, setup: seeded, env: { CI: '1' } });
  const raw = timeCommand(process.execPath, [join(here, 'lib', 'duckdb-raw.mjs'), db, file, format], { runs, setup: fresh });
  let pgRun;
  if (!pg.skipped) {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      pg.psql(sqlFile('schema.sql'));
      samples.push(format === 'csv'
        ? pgTime(`COPY events FROM '${file}' WITH (FORMAT csv, HEADER true)`)
        : pgTime(`COPY events_json FROM '${file}' WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02');\n${sqlFile('ndjson_to_events.sql')}`));
    }
    samples.sort((a, b) => a - b);
    pgRun = { runs, median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1) };
  }
  fresh();
  // Which reader kt used (DuckDB's own, or the zod path when a row needed it) goes into the table.
  for (const run of [ktRun, ktMerge]) {
    const report = JSON.parse(run.stdout.trim().split('\n').pop());
    run.reader = `${report.reader}, ${report.load}`;
  }
  results.ingest.push({ format, kt: ktRun, duckdb: raw, postgres: pgRun });
  results.ingest.push({ format: `${format} into a store holding events`, kt: ktMerge, duckdb: raw, postgres: pgRun });
}

// ---- 2. analytics and tail --------------------------------------------------------
log('analytics …');
if (!pg.skipped) {
  // PostgreSQL gets the very same rows, exported from the kt store.
  const instance = await DuckDBInstance.create(demoDb, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  await c.run(`COPY (SELECT id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team, user_id, request_id,
     gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out, cost_usd, policy_results::VARCHAR FROM events)
     TO '${join(work, 'pg-events.csv')}' (HEADER)`);
  await c.run(`COPY (SELECT id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at, resolved_by, resolved_at, outcome, category, cause, note, follow_up
     FROM escalations) TO '${join(work, 'pg-escalations.csv')}' (HEADER)`);
  // The deploy times: the volume question's rollout impact is measured around them.
  await c.run(`COPY (SELECT config_id, version, deployed_at FROM configs) TO '${join(work, 'pg-configs.csv')}' (HEADER)`);
  c.closeSync(); instance.closeSync();
  pg.psql(sqlFile('schema.sql'));
  pg.psql(`COPY events FROM '${join(work, 'pg-events.csv')}' WITH (FORMAT csv, HEADER true)`);
  pg.psql(`COPY escalations FROM '${join(work, 'pg-escalations.csv')}' WITH (FORMAT csv, HEADER true)`);
  pg.psql(`COPY configs FROM '${join(work, 'pg-configs.csv')}' WITH (FORMAT csv, HEADER true)`);
  pg.psql(sqlFile('indexes.sql'));
  pg.psql(sqlFile('hourly.sql'));
  pg.psql('VACUUM ANALYZE');
}
const story = { config_id: 'cfg_support_prod', policy: 'human-oversight', reason_code: 'violence_terms', before: '2.3.0', after: '2.4.0' };
const questions = [
  { name: 'false-positives', cli: ['analyze', 'false-positives', '--json'], pg: 'fp_clusters.sql',
    inProcess: async (m, s) => m.fp.falsePositiveClusters(s, {}, 'everyone') },
  { name: 'tuning', cli: ['analyze', 'tuning', '--config-id', story.config_id, '--policy', story.policy, '--reason-code', story.reason_code, '--before', story.before, '--after', story.after, '--json'], pg: 'tuning.sql', pgSameWork: { traffic: 'hourly' },
    inProcess: async (m, s) => m.tuning.tuningComparison(s, { ...story }, 'everyone') },
  { name: 'volume', cli: ['analyze', 'volume', '--json'], pg: 'volume.sql',
    inProcess: async (m, s) => m.volume.reviewVolume(s, {}, 'everyone') },
  { name: 'events tail --since 24h --verdict escalated', cli: ['events', 'tail', '--since', '24h', '--verdict', 'escalated', '--json'], pg: 'tail.sql',
    inProcess: async (m, s) => m.events.tailEvents(s, m.events.parseEventFilter({ since: '24h', verdict: 'escalated' })) },
  { name: 'events summary --since 30d', cli: ['events', 'summary', '--since', '30d', '--json'], pg: 'events_summary.sql',
    inProcess: async (m, s) => m.summary.summarizeEvents(s, m.events.parseEventFilter({ since: '30d' })) },
];
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const modules = {
  fp: await import(dist('analytics/false-positives.js')),
  tuning: await import(dist('analytics/tuning.js')),
  volume: await import(dist('analytics/volume.js')),
  events: await import(dist('events/index.js')),
  summary: await import(dist('events/summary.js')),
  db: await import(dist('store/database.js')),
};
for (const q of questions) {
  const whole = timeCommand(process.execPath, [ktBin, ...q.cli, '--db', demoDb], { runs });
  const store = await modules.db.openStore(demoDb);
  await q.inProcess(modules, store); // warm
  const inProcess = await timeAsync(() => q.inProcess(modules, store), { runs });
  store.close();
  const pgRun = (vars) => {
    if (pg.skipped || !vars) return undefined;
    const asked = { ...story, traffic: 'events', ...vars };
    pgTime(sqlFile(q.pg), asked); // warm
    const samples = Array.from({ length: runs }, () => pgTime(sqlFile(q.pg), asked)).sort((a, b) => a - b);
    return { runs, median: samples[Math.floor(runs / 2)], min: samples[0], max: samples.at(-1) };
  };
  results.queries.push({ name: q.name, whole, inProcess, postgres: pgRun({}), postgresSameWork: pgRun(q.pgSameWork) });
}

// ---- 3. HTTP under load ------------------------------------------------------------
log('HTTP …');
kt(['users', 'add', 'carol', '--role', 'reviewer', ...teamsOf('alice').flatMap((t) => ['--team', t]), '--db', demoDb]);
const carolToken = (await (async () => {
  // `kt users add` prints the token once; take it from a fresh user made for the race.
  const out = kt(['users', 'add', 'dave', '--role', 'reviewer', ...teamsOf('alice').flatMap((t) => ['--team', t]), '--db', demoDb, '--json']);
  return JSON.parse(out).token;
})());
const raceIds = queuedFor('alice', 300);
const port = 18787;
const server = spawn(process.execPath, [ktBin, 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', demoDb], { stdio: ['ignore', 'ignore', 'inherit'] });
try {
  await waitForHealth(port);
  // Latency by autocannon, whose lean client leaves more of the 2 cores to the server than Node's http client.
  const listPath = '/api/escalations?status=queued&limit=50';
  await autocannonLoad({ port, connections: 32, maxRequests: 500, maxSeconds: 5, path: () => listPath, token: tokens.alice }); // warm
  results.http.list = await autocannonLoad({ port, connections: 32, maxRequests: 20_000, maxSeconds: 30, path: () => listPath, token: tokens.alice });
  // Two reviewers race for the same items: each item must end with exactly one owner.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const started = performance.now();
  let claims = 0, conflicts = 0, resolves = 0;
  const resolution = { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'Benchmark run: the request was benign and the rule fired on an everyday phrase.' };
  let next = 0;
  async function racer(token) {
    while (next < raceIds.length * 2 && performance.now() - started < 60_000) {
      const id = raceIds[Math.floor(next++ / 2)];
      const claim = await request(agent, { port, method: 'POST', path: `/api/escalations/${id}/claim`, token });
      if (claim.status === 200) {
        claims += 1;
        const r = await request(agent, { port, method: 'POST', path: `/api/escalations/${id}/resolve`, token, body: resolution });
        if (r.status === 200) resolves += 1;
      } else if (claim.status === 409) conflicts += 1;
    }
  }
  await Promise.all(Array.from({ length: 32 }, (_, i) => racer(i % 2 ? tokens.alice : carolToken)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  results.http.race = { items: raceIds.length, claims, conflicts, resolves, seconds, perSecond: resolves / seconds };
  // Three reviewers ask for the next one at once, 300 asks in all over 32 connections: each ask
  // that is answered 200 must have claimed an item no other ask got.
  const nextAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const nextStarted = performance.now();
  const nextIds = [];
  const nextStatuses = {};
  const nextLatencies = [];
  let asked = 0;
  async function asker(token) {
    while (asked < 300 && performance.now() - nextStarted < 60_000) {
      asked += 1;
      const t = performance.now();
      const r = await request(nextAgent, { port, method: 'POST', path: '/api/escalations/claim-next', token });
      nextLatencies.push(performance.now() - t);
      nextStatuses[r.status] = (nextStatuses[r.status] ?? 0) + 1;
      if (r.status === 200) nextIds.push(JSON.parse(r.body).id);
    }
  }
  const askers = [tokens.alice, carolToken, tokens.bob];
  await Promise.all(Array.from({ length: 32 }, (_, i) => asker(askers[i % askers.length])));
  const nextSeconds = (performance.now() - nextStarted) / 1000;
  nextAgent.destroy();
  nextLatencies.sort((a, b) => a - b);
  const at = (q) => nextLatencies[Math.min(nextLatencies.length - 1, Math.floor(q * nextLatencies.length))];
  results.http.next = { asks: asked, statuses: nextStatuses, claimed: nextIds.length, distinct: new Set(nextIds).size, ids: nextIds, seconds: nextSeconds, perSecond: nextIds.length / nextSeconds, p50: at(0.5), p99: at(0.99) };
  // The tuning report as a PDF from kt serve, whose Chromium stays warm between documents.
  const reportPath = `/reports/tuning?config_id=${story.config_id}&policy=${story.policy}&reason_code=${story.reason_code}&before=${story.before}&after=${story.after}&format=pdf`;
  const pdfSeconds = [];
  for (let i = 0; i < Math.max(runs, 3) + 1; i++) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}${reportPath}`, { headers: { authorization: `Bearer ${tokens.pat}` } });
    const bytes = (await r.arrayBuffer()).byteLength;
    if (r.status !== 200 || bytes < 1000) throw new Error(`GET ${reportPath}: ${r.status}, ${bytes} bytes`);
    pdfSeconds.push((performance.now() - t) / 1000);
  }
  results.http.reportPdf = { first: pdfSeconds[0], warm: summarise(pdfSeconds.slice(1)) };
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}
{
  const store = await modules.db.openStore(demoDb);
  const owners = await store.all(`SELECT count(*) FILTER (WHERE status = 'resolved')::INTEGER AS resolved,
      count(DISTINCT resolved_by)::INTEGER AS reviewers FROM escalations WHERE list_contains(from_json(?, '["VARCHAR"]'), id)`, [JSON.stringify(raceIds)]);
  const audit = await (await import(dist('store/audit.js'))).verifyAudit(store);
  results.http.race.checked = { ...owners[0], auditOk: audit.ok };
  // Each item claimed by claim-next has one claim entry in the audit log, by the reviewer whose ask got it.
  const nextClaims = await store.all(`SELECT count(*)::INTEGER AS entries, count(DISTINCT target)::INTEGER AS items FROM audit
      WHERE action = 'claim' AND list_contains(from_json(?, '["VARCHAR"]'), target)`, [JSON.stringify(results.http.next.ids)]);
  results.http.next.checked = nextClaims[0];
  delete results.http.next.ids;
  store.close();
}

// ---- 4. PDFs ---------------------------------------------------------------------
log('PDF …');
results.pdf.push({ name: 'tuning report PDF', ...timeCommand(process.execPath, [ktBin, 'report', 'tuning', '--config-id', story.config_id, '--policy', story.policy,
  '--reason-code', story.reason_code, '--before', story.before, '--after', story.after, '--out', join(work, 'tuning.pdf'), '--db', demoDb], { runs }) });
const evidenceScope = evidenceWindow(10_000);
results.pdf.push({ name: `evidence pack (${evidenceScope.count} resolved escalations)`, ...timeCommand(process.execPath, [ktBin, 'evidence', 'export', '--from', evidenceScope.from,
  '--to', evidenceScope.to, '--reason', 'benchmark', '--out', join(work, 'evidence'), '--db', demoDb],
  { runs: 1, setup: () => rmSync(join(work, 'evidence'), { recursive: true, force: true }) }) });

writeFileSync(flags.out, renderResults());
log(`wrote ${flags.out}`);

// ---- helpers ----------------------------------------------------------------------
function duck(sql, params = []) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { DuckDBInstance } from '@duckdb/node-api';
    const i = await DuckDBInstance.create(${JSON.stringify(demoDb)}, { access_mode: 'READ_ONLY' });
    const c = await i.connect();
    const r = await c.runAndReadAll(${JSON.stringify(sql)}, ${JSON.stringify(params)});
    process.stdout.write(JSON.stringify(r.getRowObjectsJson()));`], { encoding: 'utf8', cwd: join(here, '..') });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}
function teamsOf(user) { return duck('SELECT unnest(teams) AS t FROM users WHERE id = ?', [user]).map((r) => r.t); }
function queuedFor(user, n) {
  return duck(`SELECT x.id FROM escalations x JOIN events e ON e.id = x.event_id
    WHERE x.status = 'queued' AND list_contains((SELECT teams FROM users WHERE id = ?), e.team) ORDER BY x.id LIMIT ${n}`, [user]).map((r) => r.id);
}
function evidenceWindow(n) {
  const rows = duck(`SELECT min(resolved_at)::VARCHAR AS from_, max(resolved_at)::VARCHAR AS to_, count(*)::INTEGER AS count FROM (
    SELECT resolved_at FROM escalations WHERE status = 'resolved' ORDER BY resolved_at DESC LIMIT ${n})`);
  const iso = (s) => new Date(s.replace(' ', 'T').replace(/\+00$/, 'Z')).toISOString();
  return { from: iso(rows[0].from_).slice(0, 10), to: new Date(Date.parse(iso(rows[0].to_)) + 86_400_000).toISOString().slice(0, 10), count: rows[0].count };
}
async function waitForHealth(p) {
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(`http://127.0.0.1:${p}/healthz`); if (r.ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('kt serve did not come up');
}
function ratio(a, b) { return b && a ? `${(a / b).toFixed(2)}×` : '–'; }
function renderResults() {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const L = [];
  L.push('# kt benchmark results', '');
  L.push(`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${results.events.toLocaleString('en')} events (demo scale ${scale}), ${runs} runs each (median, min–max in seconds).`);
  L.push('', `Reproduce: \`npm run bench -- --scale ${scale} --runs ${runs}\``, '');
  L.push('## Ingest of events', '', '| format | kt ingest (reader) | DuckDB read_* into a table (limit) | PostgreSQL COPY | kt ÷ DuckDB | PostgreSQL ÷ kt | kt peak MiB | DuckDB peak MiB |', '|---|---|---|---|---|---|---|---|');
  for (const r of results.ingest) {
    L.push(`| ${r.format} | ${fmt(r.kt.median)} (${spread(r.kt)}; ${r.kt.reader}) | ${fmt(r.duckdb.median)} (${spread(r.duckdb)}) | ${r.postgres ? `${fmt(r.postgres.median)} (${spread(r.postgres)})` : 'skipped'} | ${ratio(r.kt.median, r.duckdb.median)} | ${ratio(r.postgres?.median, r.kt.median)} | ${r.kt.peakMiB} | ${r.duckdb.peakMiB} |`);
  }
  L.push('', '## Analytics and tail', '', '| question | kt whole process | kt in-process | PostgreSQL (server time) | PostgreSQL ÷ kt in-process | kt peak MiB |', '|---|---|---|---|---|---|');
  for (const q of results.queries) {
    L.push(`| ${q.name} | ${fmt(q.whole.median)} (${spread(q.whole)}) | ${fmt(q.inProcess.median)} (${spread(q.inProcess)}) | ${q.postgres ? `${fmt(q.postgres.median)} (${spread(q.postgres)})` : 'skipped'} | ${ratio(q.postgres?.median, q.inProcess.median)} | ${q.whole.peakMiB} |`);
  }
  for (const q of results.queries.filter((x) => x.postgresSameWork)) {
    L.push('', `${q.name}: kt counts each version's traffic from its hourly counts, kept by ingest; the row above is PostgreSQL counting events through its index. Given the same hourly table (bench/postgres/hourly.sql, \`-v traffic=hourly\`), PostgreSQL took ${fmt(q.postgresSameWork.median)} s (${spread(q.postgresSameWork)}): ${ratio(q.postgresSameWork.median, q.inProcess.median)} kt in-process.`);
  }
  const h = results.http;
  L.push('', '## HTTP API on 127.0.0.1', '');
  L.push(`- Queue listing (\`GET /api/escalations?status=queued&limit=50\`), 32 connections: ${h.list.requests} requests in ${h.list.seconds.toFixed(1)} s (${h.list.rps.toFixed(0)}/s), p50 ${h.list.p50.toFixed(1)} ms, p99 ${h.list.p99.toFixed(1)} ms; statuses ${JSON.stringify(h.list.statuses)}.`);
  L.push(`- Claim + resolve race, two reviewers on the same ${h.race.items} items over 32 connections: ${h.race.claims} claims won, ${h.race.conflicts} refused with 409, ${h.race.resolves} resolved in ${h.race.seconds.toFixed(1)} s (${h.race.perSecond.toFixed(0)} items/s). Afterwards: ${h.race.checked.resolved} of ${h.race.items} items resolved, audit chain ${h.race.checked.auditOk ? 'verifies' : 'BROKEN'}.`);
  if (h.next) L.push(`- Claim the next one (\`POST /api/escalations/claim-next\`), three reviewers asking at once over 32 connections, ${h.next.asks} asks: ${h.next.claimed} claimed (${h.next.distinct} different items; ${h.next.checked.entries} claim entries in the audit log for ${h.next.checked.items} items) in ${h.next.seconds.toFixed(1)} s (${h.next.perSecond.toFixed(0)} claims/s), p50 ${h.next.p50.toFixed(1)} ms, p99 ${h.next.p99.toFixed(1)} ms; statuses ${JSON.stringify(h.next.statuses)}.`);
  L.push('', '## PDF', '', 'Whole `kt` processes unless said otherwise.', '', '| document | seconds | peak MiB |', '|---|---|---|');
  for (const p of results.pdf) L.push(`| ${p.name} | ${fmt(p.median)} (${spread(p)}) | ${p.peakMiB} |`);
  const rp = h.reportPdf;
  L.push(`| tuning report PDF from kt serve (\`GET /reports/tuning?…&format=pdf\`), warm Chromium | ${fmt(rp.warm.median)} (${spread(rp.warm)}); first request ${fmt(rp.first)} | – |`);
  L.push('', `Demo generation and load at this scale took ${fmt(results.demoSeconds)} s.`);
  if (results.notes.length) L.push('', ...results.notes.map((n) => `- ${n}`));
  L.push('', 'PostgreSQL 15 runs on a temporary cluster on 127.0.0.1 with fsync off and 2 GB shared buffers (its best case); its analytics times are server-side (`\\timing`) with indexes on the filtered columns; kt in-process times include turning rows into JavaScript objects.', '');
  return L.join('\n');
}
