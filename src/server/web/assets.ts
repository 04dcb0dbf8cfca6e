import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { projectRoot } from '../../store/queries.js';
import type { WebEnv } from './session.js';

/**
 * The web UI's stylesheet and script, from `static/`. A fixed list, not a folder
 * listing: nothing else on disk can be fetched through this route.
 */
const assets: Record<string, string> = {
  'web.css': 'text/css; charset=utf-8',
  'web.js': 'text/javascript; charset=utf-8',
};

const cache = new Map<string, string>();

function assetText(name: string): string {
  if (process.env.KT_TEMPLATES_RELOAD === '1') return readFileSync(join(projectRoot, 'static', name), 'utf8');
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(projectRoot, 'static', name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function assetRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/:name', (c) => {
    const name = c.req.param('name');
    const type = assets[name];
    if (type === undefined) return c.text(`No static file ${name}.`, 404);
    return c.body(assetText(name), 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  });
  return router;
}
