/**
 * Kept for callers that imported the analytics' early local parser: the shared
 * parser in src/domain/time-window.ts is the one to use.
 */
export { durationMs, instantOf } from '../domain/time-window.js';
