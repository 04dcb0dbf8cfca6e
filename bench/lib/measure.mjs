// Timing helpers: several runs, median and spread, peak memory of child processes.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Times an async function `runs` times (after `setup` each time, untimed). */
export async function timeAsync(fn, { runs = 3, setup } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    if (setup) await setup(i);
    const start = performance.now();
    await fn(i);
    samples.push((performance.now() - start) / 1000);
  }
  return summarise(samples);
}

/**
 * Runs a whole command `runs` times under GNU time, giving wall seconds, the peak
 * resident memory (MiB) of the hungriest run and the last run's standard output.
 */
export function timeCommand(cmd, args, { runs = 3, setup, env } = {}) {
  const samples = [];
  let peakMiB = 0;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    if (setup) setup(i);
    const start = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
    const seconds = (performance.now() - start) / 1000;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const kb = Number(r.stderr.trim().split('\n').pop());
    peakMiB = Math.max(peakMiB, kb / 1024);
    samples.push(seconds);
    stdout = r.stdout;
  }
  return { ...summarise(samples), peakMiB: Math.round(peakMiB), stdout };
}

export const fmt = (s) => (s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3));
export const spread = (m) => `${fmt(m.min)}–${fmt(m.max)}`;
