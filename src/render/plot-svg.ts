import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * What kt's charts share: Observable Plot drawing on the server with linkedom as the
 * document, so reports embed charts inline and print without any script. Sizes suit
 * an A4 page (about 680 px of text width).
 */

/** A fixed class name keeps the output byte-stable (Plot would otherwise pick a random one). */
const className = 'kt-chart';
export const defaultWidth = 680;
export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function freshDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/** The chart as SVG text. */
export function renderSvg(options: Plot.PlotOptions): string {
  const element = Plot.plot({ ...options, className, document: freshDocument() });
  return element.outerHTML;
}

/** `2026-09-14` or a full timestamp → a Date (UTC). */
export function dateOf(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}
