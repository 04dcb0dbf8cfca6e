import { execFile } from 'node:child_process';
import { ktBin } from '../kt-bin.js';

/**
 * Runs the built CLI (npm test builds first) asynchronously, so a server in this
 * same process keeps answering while the command waits for it.
 */
export function kt(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ktBin, ...args], { env: { ...process.env, KT_SERVER: '', KT_TOKEN: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
