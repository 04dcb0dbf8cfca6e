import { storeWriteCount, type Executor } from '../database.js';

/**
 * Answers of the queue's read questions (a page's rows, its counts, the filter
 * choices), kept until the store's next write. Reviewers poll the same few views
 * far more often than anything changes; a kept answer costs no query at all, and
 * identical questions asked at once share one query. Only answers that do not
 * depend on the clock are kept (callers leave the clock out of the key, and do not
 * cache a question that filters on it). Callers must not mutate an answer.
 */
interface AnswerCache {
  writes: number;
  answers: Map<string, Promise<unknown>>;
}

const caches = new WeakMap<Executor, AnswerCache>();
/** Plenty for every reviewer's few views; the oldest answer goes first beyond this. */
const maxAnswers = 500;

export function cachedAnswer<T>(db: Executor, key: string, ask: () => Promise<T>): Promise<T> {
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
  // A failed question is asked afresh next time.
  answer.catch(() => answers.delete(key));
  return answer;
}
