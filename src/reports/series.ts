import type { SeriesPoint } from '../render/charts.js';

const dayMs = 86_400_000;

/**
 * Adds explicit zeros for the buckets in which a series had nothing, from the first
 * to the last bucket seen, so a line drops to zero instead of bridging the gap.
 * Buckets are `YYYY-MM-DD` starts, `stepDays` apart (1 for days, 7 for weeks).
 */
export function zeroFilled(points: readonly SeriesPoint[], stepDays: number): SeriesPoint[] {
  if (points.length === 0) return [];
  const times = points.map((p) => Date.parse(`${p.date.slice(0, 10)}T00:00:00Z`));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const series = [...new Set(points.map((p) => p.series ?? ''))];
  const seen = new Map(points.map((p) => [`${p.series ?? ''}\u0000${p.date.slice(0, 10)}`, p.value]));
  const filled: SeriesPoint[] = [];
  for (let t = first; t <= last; t += stepDays * dayMs) {
    const date = new Date(t).toISOString().slice(0, 10);
    for (const name of series) {
      filled.push({ date, value: seen.get(`${name}\u0000${date}`) ?? 0, ...(name === '' ? {} : { series: name }) });
    }
  }
  return filled;
}
