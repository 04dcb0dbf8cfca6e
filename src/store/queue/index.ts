/** The review queue: list, read, and the workflow actions (claim, unclaim, resolve, reassign). */
export { listEscalations, listEscalationsJson, queueItem, queueFilterSchema, type QueueFilter, type QueueItem, type QueuePage } from './list.js';
export { escalationDetail, type EscalationDetail, type LinkedEvent } from './detail.js';
export { patternOf, type Pattern, type PatternKey, type PatternNote } from './pattern.js';
export { claimEscalation, unclaimEscalation, resolveEscalation, reassignEscalation } from './actions.js';
export { claimNext, nextFilterSchema, type NextFilter } from './claim-next.js';
export { visibleEscalation, teamsParam, type EscalationState } from './visibility.js';
