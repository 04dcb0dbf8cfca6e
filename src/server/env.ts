import type { Principal } from '../domain/user.js';
import type { SigningKey } from '../signing/keys.js';
import type { Printer } from '../render/printer.js';
import type { Store } from '../store/database.js';
import type { ExportJobs } from './export-jobs.js';

/**
 * What every route can read from the context: the store, the printer for PDFs
 * (undefined: a browser per document), the evidence exports in progress (web UI and API),
 * and (after auth) the caller.
 */
export interface AppEnv {
  Variables: {
    store: Store;
    printer: Printer | undefined;
    exportJobs: ExportJobs;
    /** Signs the evidence packs this server exports (kt serve --signing-key); undefined: unsigned. */
    signingKey: SigningKey | undefined;
    principal: Principal;
  };
}
