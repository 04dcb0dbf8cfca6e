/** The reviewer web UI, for app.ts: its router and the session layer for read-only API links. */
export { webRouter } from './router.js';
export { sessionForApiReads } from './session.js';
