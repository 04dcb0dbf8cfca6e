import { runKt, type KtRun } from '../kt-bin.js';

/**
 * Runs the built CLI (npm test builds first) asynchronously, so a server in this
 * same process keeps answering while the command waits for it. KT_SERVER and
 * KT_TOKEN come only from `env`, never from the test runner's environment.
 */
export function kt(args: string[], env: Record<string, string> = {}): Promise<KtRun> {
  return runKt(args, { env: { ...process.env, KT_SERVER: '', KT_TOKEN: '', ...env } });
}
