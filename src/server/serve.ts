import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { KtError } from '../errors.js';
import { Printer } from '../render/printer.js';
import type { Store } from '../store/database.js';
import { createApp } from './app.js';
import type { ExportJobs } from './export-jobs.js';
import type { SigningKey } from '../signing/keys.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8787 (the real port when 0 was asked for). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Report and evidence PDFs printed at once; more wait for a free tab. */
const printPages = 2;
/** A browser unused this long is closed (it holds ~100-200 MB); the next PDF starts one. */
const printerIdleMs = 10 * 60_000;

/**
 * Serves the kt app on the store over HTTP. Binds 127.0.0.1 unless told otherwise:
 * exposing the queue to a network is a deliberate choice (put TLS in front of it).
 * One Chromium is kept for the server's PDFs (started on the first, restarted if it
 * dies) and ended by close().
 */
export function startServer(store: Store, options: { port?: number; host?: string; exportJobs?: ExportJobs; signingKey?: SigningKey } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const printer = new Printer({ maxPages: printPages, idleMs: printerIdleMs, handleSignals: false });
  const app = createApp(store, { printer, exportJobs: options.exportJobs, signingKey: options.signingKey });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }, (info: AddressInfo) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: async () => {
          await new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Idle keep-alive sockets would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await printer.close();
        },
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      void printer.close();
      const why = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message;
      reject(new KtError('unavailable', `Cannot listen on ${host}:${options.port ?? 8787}: ${why}.`, { host, port: options.port ?? 8787 }));
    });
  });
}
