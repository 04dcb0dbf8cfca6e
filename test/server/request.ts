import type { Hono } from 'hono';
import type { AppEnv } from '../../src/server/env.js';

/** Calls the real app (no network) as the holder of a token, with an optional JSON body. */
export async function call(app: Hono<AppEnv>, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (token) (init.headers as Record<string, string>).Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    (init.headers as Record<string, string>)['Content-Type'] = headers['Content-Type'] ?? 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await app.request(path, init);
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}
