import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The project root: dist/store/queries.js and src/store/queries.ts both sit two levels down. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const cache = new Map<string, string>();

/** The text of queries/NAME.sql: one question per file, values bound as $name parameters. */
export function query(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Bad query name: ${name}`);
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(projectRoot, 'queries', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Quotes an identifier taken from a fixed allow-list (never from user text). */
export function quoteIdent(name: string, allowed: readonly string[]): string {
  if (!allowed.includes(name)) throw new Error(`Identifier not allowed: ${name}`);
  return `"${name.replaceAll('"', '""')}"`;
}
