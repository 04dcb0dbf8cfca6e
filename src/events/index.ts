/** Events: filter, tail, follow, export and Arrow encoding, shared by `kt events` and `GET /api/events`. */
export { eventFilterSchema, maxEventLimit, parseEventFilter, type EventFilter, type EventFilterInput, type ParseOptions } from './filter.js';
export { eventRowFields, toEventRow, type EventRow, type PolicyResult } from './rows.js';
export { tailEvents } from './tail.js';
export { eventsArrivedAfter, followEvents, latestArrival, type ArrivalMark, type FollowOptions } from './follow.js';
export { exportEvents, exportFormats, type ExportFormat, type ExportOptions } from './export.js';
export { arrowStreamMediaType, eventsToArrowIPC } from './arrow.js';
export { isLockedByWriter, openForReading } from './open.js';
