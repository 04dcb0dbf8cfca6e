import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { manifestName } from './manifest.js';

/**
 * An export writes its pack into a staging folder beside the pack's folder, named for
 * the folder and the process that writes it (`.q3.kt-export.HOST.PID`), and renames it
 * into place only once the pack is whole and recorded in the audit log. So a pack
 * folder holds a finished pack or nothing, whatever happens to the process, and what a
 * killed export leaves behind is one folder that says whose it was.
 */
const stagingPattern = /^\.(.+)\.kt-export\.([^/]+)\.(\d+)$/;

const thisHost = hostname().replace(/[^0-9A-Za-z_-]/g, '_');

/** Where this process (or the process `pid` of this host) stages the pack meant for `dir`. */
export function stagingDir(dir: string, pid = process.pid): string {
  return join(dirname(dir), `.${basename(dir)}.kt-export.${thisHost}.${pid}`);
}

/** A pack may go into a folder that is not there yet or is empty. */
export function emptyOrAbsent(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Moves a finished pack into its folder: one rename, onto nothing or an empty folder. */
export function publishStaged(staging: string, dir: string): void {
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Where rename cannot replace an empty folder (EEXIST, EPERM), take the empty folder away first.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'EPERM' && code !== 'ENOTEMPTY') throw error;
    if (!existsSync(dir) || readdirSync(dir).length > 0) throw error;
    rmdirSync(dir);
    renameSync(staging, dir);
  }
}

/** A killed process whose parent has not reaped it yet (a zombie: common in containers) is gone too. */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no /proc here: trust kill(pid, 0)
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !zombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

export interface SettledExports {
  /** Packs recorded in the audit log before their process died, now moved into their folders. */
  completed: string[];
  /** Staging folders of exports that died before they were recorded, removed. */
  removed: string[];
}

function stagedPackId(staging: string): string | undefined {
  try {
    const id = (JSON.parse(readFileSync(join(staging, manifestName), 'utf8')) as { pack_id?: unknown }).pack_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finishes what exports killed mid-way left in `parent` (only those of this host whose
 * process is gone; `name` limits it to the stagings of one pack folder). A pack the
 * audit log records is moved into its folder, as the export would have done; anything
 * else was never a pack and is removed.
 */
export async function settleAbandonedExports(db: Executor, parent: string, name?: string): Promise<SettledExports> {
  const settled: SettledExports = { completed: [], removed: [] };
  if (!existsSync(parent)) return settled;
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    const match = stagingPattern.exec(entry.name);
    if (!entry.isDirectory() || !match || (name !== undefined && match[1] !== name)) continue;
    if (match[2] !== thisHost || processAlive(Number(match[3]))) continue;
    const staging = join(parent, entry.name);
    const dir = join(parent, match[1]!);
    const packId = stagedPackId(staging);
    const recorded = packId ? await db.one<{ seq: number }>(query('evidence_pack'), { target: `evidence:${packId}` }) : undefined;
    if (recorded && emptyOrAbsent(dir)) {
      publishStaged(staging, dir);
      settled.completed.push(dir);
    } else if (!recorded) {
      rmSync(staging, { recursive: true, force: true });
      settled.removed.push(staging);
    }
    // A recorded pack whose folder has filled since stays staged: it is named in the audit log, and nothing is lost.
  }
  return settled;
}
