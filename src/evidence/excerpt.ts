/**
 * The flagged content as the evidence document shows it: the first characters of
 * an event's request or response, never the whole text (a prompt may be megabytes;
 * events.csv / events.parquet carry it in full). The query cuts the text
 * (evidence_page_items.sql, `left(…, $excerpt_chars)`), so a page of items stays
 * small in memory; this only shapes what it returned for print.
 */

/** Characters of a request or response shown per escalation in evidence.pdf. */
export const excerptChars = 600;

export interface Excerpt {
  /** The shown text: line breaks as " ↵ ", control characters as U+FFFD, "…" when cut. */
  text: string;
  /** The full text's length in characters (code points, as DuckDB's length() counts). */
  length: number;
  /** Whether the text is longer than the excerpt. */
  cut: boolean;
}

/**
 * The excerpt of a text from its first `excerptChars` characters and its full length;
 * null when the event recorded no text. Line breaks become a visible " ↵ " so that an
 * excerpt of many short lines is still a few printed lines, not a page per item.
 */
export function excerptOf(head: string | null, length: number | bigint | null): Excerpt | null {
  if (head === null || head === '') return null;
  const total = Number(length ?? head.length);
  const cut = total > excerptChars;
  const text = head
    .trim()
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ↵ ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
  return { text: cut ? `${text}…` : text, length: total, cut };
}
