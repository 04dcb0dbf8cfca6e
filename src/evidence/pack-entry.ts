import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * A pack holds only regular files (and folders of them). Anything else found in one — a
 * symbolic link above all — is looked at, never followed: a link loop would recurse without
 * end, and a link would pull a file from outside the pack into its check or its download.
 */
export type PackEntry = { kind: 'file'; bytes: number } | { kind: 'missing' } | { kind: 'not_a_file'; detail: string };

/** What a non-regular entry is, in words (a link names where it points). */
export function notAFileDetail(path: string, stats: Stats): string {
  if (stats.isSymbolicLink()) return `is a symbolic link (to ${readlinkSync(path)}); a pack holds only regular files, and kt does not follow links`;
  const what = stats.isDirectory() ? 'a folder' : stats.isFIFO() ? 'a named pipe' : stats.isSocket() ? 'a socket' : 'a device';
  return `is ${what}, not a regular file; a pack holds only regular files`;
}

/** The entry at a pack-relative path (`a/b.csv`), each folder on the way looked at without following links. */
export function packEntry(dir: string, relativePath: string): PackEntry {
  const parts = relativePath.split('/');
  let path = dir;
  for (const [i, part] of parts.entries()) {
    path = join(path, part);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats) return { kind: 'missing' };
    const last = i === parts.length - 1;
    if (last && stats.isFile()) return { kind: 'file', bytes: stats.size };
    if (last || !stats.isDirectory()) {
      const detail = notAFileDetail(path, stats);
      return { kind: 'not_a_file', detail: last ? detail : `lies under ${parts.slice(0, i + 1).join('/')}, which ${detail}` };
    }
  }
  return { kind: 'missing' };
}

/** Every entry under a pack folder, recursing only into real folders: regular files, and whatever else is there. */
export function packListing(dir: string, prefix = ''): Array<{ name: string; regular: true } | { name: string; regular: false; detail: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const name = prefix + entry.name;
    if (entry.isDirectory()) return packListing(path, `${name}/`);
    if (entry.isFile()) return [{ name, regular: true as const }];
    return [{ name, regular: false as const, detail: notAFileDetail(path, lstatSync(path)) }];
  });
}
