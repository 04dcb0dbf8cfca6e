import type { SeparatingTerm } from '../analytics/false-positives.js';
import { termsPattern } from '../domain/rules.js';
import { isStopword } from './stopwords.js';

/** A resolved request of the cluster: a false positive or a true positive. */
export interface ClusterRequest {
  side: 'fp' | 'tp';
  request: string;
}

export interface ProposedTerm extends SeparatingTerm {
  /** Cluster false positives this term newly suppresses (beyond the terms chosen before it). */
  suppresses_false_positives: number;
  /** Cluster true positives it would suppress: each one is a risk. */
  suppresses_true_positives: number;
}

export interface TermPick {
  terms: ProposedTerm[];
  /** Of the cluster's resolved false positives and true positives, how many the chosen terms suppress together. */
  coverage: { false_positives: number; of_false_positives: number; true_positives: number; of_true_positives: number };
  warnings: string[];
}

/**
 * Chooses `unless` terms greedily by what they would actually do, using the same
 * word-boundary matcher as the replay: each step takes the candidate (a separating
 * term from the analytics) that suppresses the most false positives not yet
 * suppressed and no true positive (at equal gain the more specific phrase), until `max` terms or no term adds at least
 * `minGain` (2, or 2% of the false positives). If no such term exists, only the
 * term with the best false/true positive balance is proposed, with a warning.
 * Candidates equal to the rule's own terms, made only of them and one-letter
 * words ("kill a"), or a lone everyday word ("two"), are never proposed.
 */
export function pickTerms(candidates: readonly SeparatingTerm[], taken: Set<string>, max: number, requests: readonly ClusterRequest[]): TermPick {
  const fps = requests.filter((r) => r.side === 'fp').map((r) => r.request);
  const tps = requests.filter((r) => r.side === 'tp').map((r) => r.request);
  const scored = candidates
    .filter((t) => !taken.has(t.term.toLowerCase()) && informative(t.term, taken))
    .map((t) => {
      const pattern = termsPattern([t.term])!;
      const fpHits = new Set(fps.flatMap((text, i) => (pattern.test(text) ? [i] : [])));
      return { term: t, fpHits, tpHits: tps.filter((text) => pattern.test(text)).length };
    });
  const minGain = Math.max(2, Math.ceil(fps.length * 0.02));
  const covered = new Set<number>();
  const chosen: ProposedTerm[] = [];
  while (chosen.length < max) {
    let best: { item: (typeof scored)[number]; gain: number } | undefined;
    for (const item of scored) {
      if (item.tpHits > 0 || chosen.some((c) => c.term === item.term.term)) continue;
      const gain = [...item.fpHits].filter((i) => !covered.has(i)).length;
      if (!best || better(item.term, gain, best.item.term, best.gain)) best = { item, gain };
    }
    if (!best || best.gain < minGain) break;
    for (const i of best.item.fpHits) covered.add(i);
    chosen.push({ ...best.item.term, suppresses_false_positives: best.gain, suppresses_true_positives: 0 });
  }
  const warnings: string[] = [];
  if (chosen.length === 0) {
    const balanced = scored
      .filter((s) => s.fpHits.size >= minGain)
      .sort((a, b) => b.fpHits.size / (b.tpHits + 1) - a.fpHits.size / (a.tpHits + 1) || b.term.z - a.term.z)[0];
    if (balanced) {
      for (const i of balanced.fpHits) covered.add(i);
      chosen.push({ ...balanced.term, suppresses_false_positives: balanced.fpHits.size, suppresses_true_positives: balanced.tpHits });
      warnings.push(
        `Every candidate term also occurs in true positives; "${balanced.term.term}" would suppress ${balanced.tpHits} of them: replay the draft (kt tune whatif) before deploying.`,
      );
    }
  }
  const tpSuppressed = chosen.reduce((n, t) => n + t.suppresses_true_positives, 0);
  return { terms: chosen, coverage: { false_positives: covered.size, of_false_positives: fps.length, true_positives: tpSuppressed, of_true_positives: tps.length }, warnings };
}

/**
 * More suppressed false positives wins; at equal gain the more specific phrase
 * ("two birds" over "two", "python process" over "python") — it exempts less
 * traffic the cluster never showed — then the stronger z-score.
 */
function better(a: SeparatingTerm, aGain: number, b: SeparatingTerm, bGain: number): boolean {
  if (aGain !== bGain) return aGain > bGain;
  const words = (t: SeparatingTerm) => t.term.split(/\s+/).length;
  if (words(a) !== words(b)) return words(a) > words(b);
  return a.z > b.z;
}

/**
 * "kill a" says nothing "kill" does not: a phrase needs a word of its own beyond the
 * rule's terms. A single word must also be more than an everyday word ("two", "before").
 */
function informative(term: string, taken: Set<string>): boolean {
  const words = term.toLowerCase().split(/\s+/);
  if (words.length === 1 && isStopword(words[0]!)) return false;
  return words.some((word) => word.length > 1 && !taken.has(word));
}
