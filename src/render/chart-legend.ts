import { fitText, textWidth } from './text-width.js';

/**
 * A swatch legend drawn as SVG under a chart, so the chart stays one `<svg>` element.
 * Entries flow left to right at their own width and wrap to a new row; a name too long
 * for a whole row is cut, with the full name in a `<title>`.
 */

const fontSize = 10;
const rowHeight = 16;
const left = 40;
const swatch = 10;
const swatchGap = 4;
const entryGap = 18;

export interface LegendEntry {
  name: string;
  color: string;
}

/** Adds `entries` as a legend below `svg` by growing its viewBox and height. */
export function withLegend(svg: string, entries: readonly LegendEntry[]): string {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!match) return svg;
  const width = Number(match[1]);
  const height = Number(match[2]);
  const room = width - left - 8;
  let x = left;
  let row = 0;
  const items = entries.map((entry) => {
    const name = fitText(entry.name, room - swatch - swatchGap, fontSize);
    const entryWidth = swatch + swatchGap + textWidth(name, fontSize);
    if (x > left && x + entryWidth > left + room) {
      x = left;
      row += 1;
    }
    const y = height + 6 + row * rowHeight;
    const title = name === entry.name ? '' : `<title>${escapeXml(entry.name)}</title>`;
    const item = `<g aria-label="legend entry"><rect x="${x}" y="${y}" width="${swatch}" height="${swatch}" fill="${entry.color}"></rect>` +
      `<text x="${x + swatch + swatchGap}" y="${y + 9}" text-anchor="start">${escapeXml(name)}${title}</text></g>`;
    x += Math.ceil(entryWidth) + entryGap;
    return item;
  });
  const total = height + 8 + (row + 1) * rowHeight;
  return svg
    .replace(`viewBox="0 0 ${width} ${height}"`, `viewBox="0 0 ${width} ${total}"`)
    .replace(`height="${height}"`, `height="${total}"`)
    .replace(/<\/svg>$/, `<g aria-label="legend">${items.join('')}</g></svg>`);
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
