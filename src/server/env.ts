import type { Principal } from '../domain/user.js';
import type { Store } from '../store/database.js';

/** What every route can read from the context: the store, and (after auth) the caller. */
export interface AppEnv {
  Variables: {
    store: Store;
    principal: Principal;
  };
}
