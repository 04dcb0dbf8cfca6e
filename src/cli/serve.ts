import type { Command } from 'commander';
import { z } from 'zod';
import { wholeNumber } from '../domain/numbers.js';
import { openStore } from '../store/database.js';
import { evidenceRoot } from '../evidence/location.js';
import { signingKeyOf } from '../signing/keys.js';
import { settleAbandonedExports, type SettledExports } from '../evidence/staging.js';
import { startServer } from '../server/serve.js';
import { globalOptions } from './context.js';
import { checkFlags } from './flags.js';

const serveOptions = z.object({
  port: wholeNumber({ min: 0, max: 65535 }),
  host: z.string().min(1, 'must not be empty'),
});

/** What a server killed mid-export had left in the evidence folder, and what became of it. */
function reportSettled(settled: SettledExports): void {
  for (const dir of settled.completed) process.stdout.write(`kt: moved the evidence pack an earlier export recorded but did not finish into ${dir}\n`);
  for (const staging of settled.removed) process.stdout.write(`kt: removed ${staging}, left by an evidence export that was cut short\n`);
}

/** kt serve: the HTTP API (and whatever else createApp mounts) on the store, until Ctrl-C. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API on the store (Authorization: Bearer TOKEN)')
    .option('--port <port>', 'TCP port (0 = any free port)', '8787')
    .option('--host <host>', 'interface to bind; keep 127.0.0.1 unless a TLS proxy fronts it', '127.0.0.1')
    .option('--signing-key <file>', 'sign the evidence packs it exports, and audit attestations, with this Ed25519 key (kt evidence keygen; default: env KT_SIGNING_KEY)')
    .action(async (opts: { port: string; host: string; signingKey?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const { signingKey: keyFlag, ...flags } = opts;
      checkFlags(serveOptions, flags);
      const options = serveOptions.parse(flags);
      const signingKey = signingKeyOf(keyFlag);
      // DuckDB may write evidence packs (POST /api/evidence) into the evidence folder only.
      const store = await openStore(g.db, { allowedDirectories: [evidenceRoot(g.db)] });
      let server;
      try {
        reportSettled(await settleAbandonedExports(store, evidenceRoot(g.db)));
        server = await startServer(store, { ...options, signingKey });
      } catch (error) {
        store.close();
        throw error;
      }
      const running = server;
      process.stdout.write(`kt serving ${store.path} on ${running.url} (Ctrl-C to stop)\n`);
      if (signingKey) process.stdout.write(`kt: evidence packs and audit attestations are signed with key ${signingKey.fingerprint} (${signingKey.file})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await running.close();
      store.close();
      process.stdout.write('kt server stopped\n');
    });
}
