/**
 * The few statistics kt's analytics need, small enough to read and test here
 * rather than pull in a library (see README, "Dependencies and why").
 */

/** The two-sided 95% normal quantile. */
export const z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion successes/n (95% by default). Unlike the
 * normal approximation it stays inside [0, 1] and is honest for small n, which is
 * what most false-positive clusters are. Null when n is 0: there is no rate.
 */
export function wilsonInterval(successes: number, n: number, z = z95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

/**
 * Two-sided p-value of the pooled two-proportion z-test: did x1/n1 and x2/n2 come
 * from the same rate? Null when a side has no trials, or when the pooled rate is
 * 0 or 1 (no variance, nothing to test).
 */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return null;
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (x2 / n2 - x1 / n1) / standardError;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Complementary error function, Chebyshev fit with fractional error below 1.2e-7
 * everywhere (Numerical Recipes, 2nd ed., §6.2) — ample for p-values.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

/** A rate per 1,000 trials, or null when there were none. */
export function per1k(count: number, trials: number): number | null {
  return trials > 0 ? (count * 1000) / trials : null;
}

/** count/n, or null when n is 0. */
export function ratio(count: number, n: number): number | null {
  return n > 0 ? count / n : null;
}
