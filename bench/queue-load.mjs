#!/usr/bin/env node
// Queue-listing load on a running or freshly started `kt serve`: 32 keep-alive
// connections, bounded (≤ 20 s and ≤ 20k requests per case), by autocannon as in
// the benchmark (bench/lib/autocannon-load.mjs). Read-only: it never claims or resolves.
//
//   node bench/queue-load.mjs --db /tmp/copy.duckdb --token kt_… [--port 18790]
//       [--seconds 20] [--requests 20000] [--connections 32] [--case NAME …]
//   node bench/queue-load.mjs --demo /tmp/d5.json --db /tmp/copy.duckdb   (alice's token from the demo summary)
//   node bench/queue-load.mjs --url-port 8787 --token kt_…                 (an already running server)
//
// Cases: plain (status=queued&limit=50), overdue (…&overdue=true), filtered (a
// different filter each request: policy / severity / sort=due / cursor pages), and
// mixed (opt-in: plain listing while one more connection claims and unclaims one of
// the caller's queued items in a loop, so every kept answer is dropped over and
// over; it leaves the queue as it was but appends audit entries: use a throwaway copy).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { autocannonLoad } from './lib/autocannon-load.mjs';
import { request } from './lib/http-load.mjs';
import { ktBin } from './lib/kt.mjs';

const { values: flags } = parseArgs({ options: {
  db: { type: 'string' },
  demo: { type: 'string' },
  user: { type: 'string', default: 'alice' },
  token: { type: 'string' },
  port: { type: 'string', default: '18790' },
  'url-port': { type: 'string' },
  seconds: { type: 'string', default: '20' },
  requests: { type: 'string', default: '20000' },
  connections: { type: 'string', default: '32' },
  case: { type: 'string', multiple: true },
} });

const maxSeconds = Math.min(20, Number(flags.seconds));
const maxRequests = Math.min(20_000, Number(flags.requests));
const connections = Number(flags.connections);
let token = flags.token;
if (!token && flags.demo) token = JSON.parse(readFileSync(flags.demo, 'utf8')).users.find((u) => u.id === flags.user)?.token;
if (!token) throw new Error('Pass --token TOKEN or --demo SUMMARY.json (with --user, default alice).');

const external = flags['url-port'] !== undefined;
const port = Number(external ? flags['url-port'] : flags.port);
let server;
if (!external) {
  if (!flags.db) throw new Error('Pass --db STORE.duckdb (a copy: kt serve opens it read-write) or --url-port PORT.');
  server = spawn(process.execPath, [ktBin, 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', flags.db], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const base = '/api/escalations';
async function get(path) {
  const r = await request(undefined, { port, path, token });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

try {
  await waitForHealth(port);
  // Filter values that exist for this caller, so the filtered case asks real questions.
  const first = await get(`${base}?status=queued&limit=50`);
  const policies = [...new Set(first.items.map((i) => i.policy).filter(Boolean))];
  const cursors = [first.next_cursor];
  for (let i = 0; i < 4 && cursors.at(-1); i++) cursors.push((await get(`${base}?status=queued&limit=50&cursor=${encodeURIComponent(cursors.at(-1))}`)).next_cursor);
  const filtered = [
    ...policies.map((p) => `${base}?status=queued&limit=50&policy=${encodeURIComponent(p)}`),
    ...['low', 'medium', 'high', 'critical'].map((s) => `${base}?status=queued&limit=50&severity=${s}`),
    `${base}?status=queued&limit=50&sort=due`,
    `${base}?status=claimed&limit=50`,
    `${base}?limit=50`,
    ...cursors.filter(Boolean).map((c) => `${base}?status=queued&limit=50&cursor=${encodeURIComponent(c)}`),
  ];
  const cases = {
    plain: () => `${base}?status=queued&limit=50`,
    overdue: () => `${base}?status=queued&limit=50&overdue=true`,
    filtered: (() => { let n = 0; return () => filtered[n++ % filtered.length]; })(),
    'filtered-overdue': (() => { let n = 0; return () => filtered[n++ % filtered.length] + '&overdue=true'; })(),
  };
  const chosen = flags.case ?? ['plain', 'overdue', 'filtered'];
  for (const name of chosen) {
    if (name === 'mixed') {
      await mixed(first.items[0]?.id);
      continue;
    }
    const path = cases[name];
    if (!path) throw new Error(`No case ${name}; one of ${[...Object.keys(cases), 'mixed'].join(', ')}.`);
    // A short warm-up so every case starts from the same (warm) state.
    await autocannonLoad({ port, connections, maxRequests: 200, maxSeconds: 2, path, token });
    const cpu = serverCpu();
    const r = await autocannonLoad({ port, connections, maxRequests, maxSeconds, path, token });
    report(name, r, cpu);
  }
} finally {
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

/** Plain listing on `connections` connections while one more claims and unclaims `id`. */
async function mixed(id) {
  if (!id) throw new Error('mixed: the caller has no queued item to claim and unclaim.');
  const path = `${base}?status=queued&limit=50`;
  const writer = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let done = false;
  let writes = 0;
  const failed = {};
  const loop = (async () => {
    while (!done) {
      for (const action of ['claim', 'unclaim']) {
        const r = await request(writer, { port, method: 'POST', path: `${base}/${encodeURIComponent(id)}/${action}`, token });
        if (r.status === 200) writes += 1;
        else failed[r.status] = (failed[r.status] ?? 0) + 1;
      }
    }
  })();
  const cpu = serverCpu();
  const r = await autocannonLoad({ port, connections, maxRequests, maxSeconds, path: () => path, token });
  done = true;
  await loop;
  writer.destroy();
  report('mixed', r, cpu, `; alongside ${writes} writes (${(writes / r.seconds).toFixed(0)}/s)${Object.keys(failed).length ? `, refused ${JSON.stringify(failed)}` : ''}`);
}

/**
 * The server's CPU time so far (user + system, ms), when this script started it: CPU
 * per request is steadier than latency on a shared box, where other work takes cores.
 */
function serverCpu() {
  if (!server) return undefined;
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

function report(name, r, cpuBefore, extra = '') {
  const cpuAfter = serverCpu();
  const perRequest = cpuBefore === undefined || cpuAfter === undefined ? '' : `  server CPU ${((cpuAfter - cpuBefore) / r.requests).toFixed(2)} ms/req`;
  console.log(`${name.padEnd(16)} ${String(r.requests).padStart(6)} req in ${r.seconds.toFixed(1)} s = ${r.rps.toFixed(0).padStart(5)}/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms${perRequest}  ${JSON.stringify(r.statuses)}${extra}`);
}

async function waitForHealth(p) {
  for (let i = 0; i < 150; i++) {
    try { const r = await fetch(`http://127.0.0.1:${p}/healthz`); if (r.ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('kt serve did not come up');
}
