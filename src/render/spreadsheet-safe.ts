/**
 * Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * with a leading ', so it opens as text (OWASP's CSV injection advice). kt's CSV files hold text
 * typed by gateway users and reviewers, and people open them in spreadsheets; the JSON, NDJSON,
 * Arrow and Parquet forms keep the text as given. (Evidence packs do the same in SQL: evidence/copy.ts.)
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
