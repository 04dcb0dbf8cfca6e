import type { RouterRoute } from 'hono/types';

/** A route's path as a pattern: `:name` matches one segment, `*` the rest. */
function pathPattern(path: string): RegExp {
  const source = path.split('/').map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The methods some route answers on this path, middleware (ALL) aside: a path that exists under
 * another method is a 405 naming them (RFC 9110), not a 404 that reads like a missing item.
 */
export function allowedMethods(routes: readonly RouterRoute[], path: string): string[] {
  const methods = new Set(routes.filter((route) => route.method !== 'ALL' && pathPattern(route.path).test(path)).map((route) => route.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}
