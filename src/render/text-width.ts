/**
 * How wide a line of chart text prints, so charts can size their margins to their
 * labels without a browser. Advance widths are of DejaVu Sans (the font Chromium
 * picks for `system-ui, sans-serif` here, and the reports' own font), in hundredths
 * of an em, measured in Chromium; wider fonts elsewhere are covered by the slack.
 */
const advance: Record<string, number> = {
  ' ': 32, '!': 40, '"': 46, '#': 84, $: 64, '%': 95, '&': 78, "'": 27, '(': 39, ')': 39, '*': 50, '+': 84,
  ',': 32, '-': 36, '.': 32, '/': 34, ':': 34, ';': 34, '<': 84, '=': 84, '>': 84, '?': 53, '@': 100,
  A: 71, B: 69, C: 70, D: 77, E: 63, F: 58, G: 77, H: 75, I: 29, J: 29, K: 66, L: 56, M: 86, N: 75, O: 79,
  P: 60, Q: 79, R: 69, S: 63, T: 60, U: 73, V: 68, W: 99, X: 69, Y: 61, Z: 69, '[': 39, '\\': 34, ']': 39,
  '^': 84, _: 50, '`': 50, a: 61, b: 63, c: 55, d: 63, e: 62, f: 34, g: 63, h: 63, i: 28, j: 28, k: 58,
  l: 28, m: 97, n: 63, o: 61, p: 63, q: 63, r: 40, s: 52, t: 39, u: 63, v: 59, w: 82, x: 59, y: 59, z: 52,
  '{': 64, '|': 34, '}': 64, '~': 84, '·': 32, '…': 100, '—': 100, '–': 50,
};
/** Digits are all 64; anything unlisted is taken as wide as a digit. */
const fallback = 64;
const slack = 1.08;

/** The printed width in px of one line of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number): number {
  let hundredths = 0;
  for (const char of text) hundredths += advance[char] ?? fallback;
  return (hundredths / 100) * fontSize * slack;
}

/** `text` cut to fit `maxWidth` px, ending in "…" when cut. */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontSize) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}
