import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { kt: string } };

/** The built `kt` exactly as npm installs it (package.json's bin: the bundle), which `npm test` builds first. */
export const ktBin = join(root, pkg.bin.kt);

export interface KtRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kt ARGS` as a whole process, asynchronously (a server in the test's process keeps answering meanwhile). */
export function runKt(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<KtRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ktBin, ...args], { timeout: options.timeoutMs ?? 60_000, env: options.env ?? process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
