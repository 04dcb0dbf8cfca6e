// Running kt the way a user does: the built CLI as a whole process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ktBin = fileURLToPath(new URL('../../dist/bin/kt.js', import.meta.url));

export function kt(args, { env } = {}) {
  const r = spawnSync(process.execPath, [ktBin, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1', ...env }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`kt ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return r.stdout;
}

export const ktArgs = (args) => [process.execPath, [ktBin, ...args]];
