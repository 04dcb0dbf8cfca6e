import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { badInput, KtError } from '../errors.js';
import { inputKind } from './input.js';
import type { IngestKind } from './types.js';

/**
 * Before a multi-file ingest loads anything: every named file can be read (and, for events
 * and escalations, its format told from its name), and the --rejects file can be written.
 * A problem found only after some files were committed would leave the load half done.
 */
export async function checkIngestInputs(kind: IngestKind, files: readonly string[], rejects?: string): Promise<void> {
  for (const file of files) {
    await checkReadable(file);
    if (kind === 'configs') checkConfigName(file);
    else await inputKind(file).catch((error: unknown) => {
      const hint = /\.ya?ml$/i.test(file) ? ' (a YAML file is a policy config: kt ingest configs)' : '';
      throw error instanceof KtError ? badInput(`${error.message.replace(/\.$/, '')}${hint}; nothing was loaded.`, error.details) : error;
    });
  }
  if (rejects !== undefined) await checkRejectsWritable(rejects, files);
}

/**
 * A policy config is YAML or JSON under any name, but an events or escalations file
 * given to `kt ingest configs` would only fail as "not valid YAML" at some line.
 */
function checkConfigName(file: string): void {
  const data = /\.(ndjson|jsonl|csv|parquet|gz)$/i.exec(file);
  if (data) {
    throw badInput(`${file}: a .${data[1]!.toLowerCase()} file holds events or escalations (kt ingest events|escalations); a policy config is YAML or JSON (.yaml, .yml, .json); nothing was loaded.`, { file });
  }
}

async function checkReadable(file: string): Promise<void> {
  try {
    if ((await stat(file)).isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
    await (await open(file, 'r')).close();
  } catch (error) {
    const code = errorCode(error);
    throw badInput(`${file}: cannot read the file (${code}${hints[code] ? `: ${hints[code]}` : ''}); nothing was loaded.`, { file, code });
  }
}

/** Opens it for appending (creating it, never truncating: the rows are written once the load is done). */
async function checkRejectsWritable(rejects: string, files: readonly string[]): Promise<void> {
  if (files.some((file) => resolve(file) === resolve(rejects))) {
    throw badInput(`--rejects ${rejects} is one of the files to load; name another file for the rejected rows; nothing was loaded.`, { rejects });
  }
  try {
    if ((await stat(rejects).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
    await (await open(rejects, 'a')).close();
  } catch (error) {
    const code = errorCode(error);
    throw badInput(`--rejects ${rejects} cannot be written (${code}${hints[code] ? `: ${hints[code]}` : ''}); nothing was loaded.`, { rejects, code });
  }
}

const hints: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'a read-only file system',
};

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
