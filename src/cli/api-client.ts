import { z } from 'zod';
import { KtError, type ErrorCode } from '../errors.js';

/** Where the CLI client finds the server and its credentials. */
export interface ApiTarget {
  server: string;
  token: string | undefined;
}

export const defaultServer = 'http://127.0.0.1:8787';

/** --server beats KT_SERVER beats the default; the token comes only from KT_TOKEN (never a flag, which `ps` would show). */
export function apiTarget(serverFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): ApiTarget {
  const server = (serverFlag ?? env.KT_SERVER ?? defaultServer).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(server)) {
    throw new KtError('bad_input', `--server must be an http(s) URL such as ${defaultServer}, not ${server}.`, { server });
  }
  return { server, token: env.KT_TOKEN || undefined };
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });
const knownCodes: readonly ErrorCode[] = ['bad_input', 'bad_file', 'not_found', 'method_not_allowed', 'unauthorized', 'forbidden', 'conflict', 'unavailable', 'internal'];

/**
 * Calls the kt HTTP API and returns its JSON. A refusal becomes a KtError with the
 * server's own code and sentence (so exit codes match the HTTP status); an
 * unreachable server becomes one clear sentence naming the URL.
 */
export async function callApi<T>(target: ApiTarget, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  if (!target.token) {
    throw new KtError('unauthorized', 'No API token: set KT_TOKEN to the token kt users add printed for you.');
  }
  const url = target.server + path;
  const headers: Record<string, string> = { Authorization: `Bearer ${target.token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new KtError('unavailable', `Cannot reach the kt server at ${target.server} (${cause}); start it with kt serve, or point --server / KT_SERVER at it.`, { server: target.server });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const parsed = errorBody.safeParse(json);
  if (parsed.success) {
    const code = (knownCodes as readonly string[]).includes(parsed.data.error.code) ? (parsed.data.error.code as ErrorCode) : 'internal';
    throw new KtError(code, parsed.data.error.message, parsed.data.error.details ?? {});
  }
  throw new KtError(response.status >= 500 ? 'internal' : 'bad_input', `The server at ${target.server} answered ${response.status} ${response.statusText} to ${method} ${path}.`, { status: response.status });
}
