/**
 * Unicode's bidirectional embedding, override and isolate controls (U+202A–U+202E,
 * U+2066–U+2069) reorder how text around them is displayed: a note stored as one
 * thing can render as "approved". Where kt shows a person's text (notes, requests,
 * responses, reasons) it shows each control as a visible ⟨U+202E⟩ instead; the
 * stored text, the JSON and the CSV/Parquet files keep it as given.
 */
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/g;

export function showBidiControls(text: string): string {
  return text.replace(bidiControls, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase()}⟩`);
}
