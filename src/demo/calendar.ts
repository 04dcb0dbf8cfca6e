import type { Random } from './random.js';

/**
 * The demo's time line: 90 days ending at a fixed instant (so every run produces
 * the same data), with office-hours traffic, quiet weekends and slow growth.
 */
export const demoDays = 90;
export const defaultDemoEnd = '2026-11-20T00:00:00Z';
export const dayMs = 86_400_000;
export const hourMs = 3_600_000;

export interface DemoWindow {
  start: Date;
  end: Date;
}

/** The 90 days before `end`; `end` is truncated to midnight UTC so days line up with calendar days. */
export function demoWindow(end: Date): DemoWindow {
  const midnight = Math.floor(end.getTime() / dayMs) * dayMs;
  return { start: new Date(midnight - demoDays * dayMs), end: new Date(midnight) };
}

/** Midnight UTC of day `day` of the window, plus `hours`. */
export function dayOffset(window: DemoWindow, day: number, hours = 0): Date {
  return new Date(window.start.getTime() + day * dayMs + hours * hourMs);
}

// Share of a day's traffic per UTC hour: Europe's morning, then the US overlapping it.
const hourWeights = [
  1, 0.7, 0.5, 0.5, 0.6, 1, 2, 4, 7, 9, 10, 10, 9, 10, 11, 11, 10, 8, 6, 5, 4, 3, 2, 1.5,
];
const hourTotal = hourWeights.reduce((a, b) => a + b, 0);
const hourCumulative = hourWeights.map((_, i) => hourWeights.slice(0, i + 1).reduce((a, b) => a + b, 0) / hourTotal);

/** Relative traffic of a day: weekends are quiet, and use grows ~15% over the window. */
export function dayWeight(window: DemoWindow, day: number): number {
  const weekday = dayOffset(window, day).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.3 : 1;
  return weekend * (1 + (0.15 * day) / demoDays);
}

/** How many events each day gets so that the window holds about `total` events. */
export function eventsPerDay(window: DemoWindow, total: number, random: Random): number[] {
  const weights = Array.from({ length: demoDays }, (_, day) => dayWeight(window, day));
  const sum = weights.reduce((a, b) => a + b, 0);
  // A little day-to-day noise (±5%) so the volume chart is not a ruler.
  return weights.map((w) => Math.max(0, Math.round((total * w * random.between(0.95, 1.05)) / sum)));
}

/** `count` ascending instants inside the given day, following the hourly traffic shape. */
export function timesOfDay(window: DemoWindow, day: number, count: number, random: Random): number[] {
  const base = dayOffset(window, day).getTime();
  const times = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const u = random.next();
    let hour = 0;
    while (hour < 23 && (hourCumulative[hour] ?? 1) < u) hour++;
    times[i] = base + hour * hourMs + Math.floor(random.next() * hourMs);
  }
  return times.sort((a, b) => a - b);
}
