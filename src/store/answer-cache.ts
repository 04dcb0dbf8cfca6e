import { storeWriteCount, type Executor } from './database.js';

/**
 * Answers of read questions the server is asked over and over (who holds a token,
 * a queue page's rows, its counts, the filter choices), kept until the store's next
 * write. Reviewers poll the same few views far more often than anything changes; a
 * kept answer costs no query at all, and identical questions asked at once share one
 * query. Any write drops every kept answer, whatever it touched, so an answer is
 * never older than the last write this process finished (a revoked token is refused
 * from the moment the revoke returns). Only answers that do not depend on the clock
 * are kept: callers leave the clock out of the key, and key a question that reads it
 * by a window of time in which its answer cannot change (see queue/clock-window).
 * Callers must not mutate an answer.
 */
interface AnswerCache {
  writes: number;
  answers: Map<string, Promise<unknown>>;
}

const caches = new WeakMap<Executor, AnswerCache>();
/** Plenty for every reviewer's few views; the oldest answer goes first beyond this. */
const maxAnswers = 500;

/**
 * The kept answer to `key`, or `ask()`'s (then kept). `keep` can turn an answer away
 * once it is known (it is asked afresh next time); by default every answer is kept.
 */
export function cachedAnswer<T>(db: Executor, key: string, ask: () => Promise<T>, keep?: (answer: T) => boolean): Promise<T> {
  const writes = storeWriteCount(db);
  if (writes === undefined) return ask();
  let cache = caches.get(db);
  if (!cache || cache.writes !== writes) {
    cache = { writes, answers: new Map() };
    caches.set(db, cache);
  }
  const kept = cache.answers.get(key);
  if (kept) return kept as Promise<T>;
  const answer = ask();
  const answers = cache.answers;
  if (answers.size >= maxAnswers) {
    const [oldest] = answers.keys();
    if (oldest !== undefined) answers.delete(oldest);
  }
  answers.set(key, answer);
  // A failed (or turned away) question is asked afresh next time.
  answer.then(
    (value) => {
      if (keep && !keep(value) && answers.get(key) === answer) answers.delete(key);
    },
    () => {
      if (answers.get(key) === answer) answers.delete(key);
    },
  );
  return answer;
}
