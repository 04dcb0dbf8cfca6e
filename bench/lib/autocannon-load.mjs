// Read-only HTTP load by autocannon: a lean client (one request buffer written per
// request, responses counted rather than decoded), so on this 2-core box less of the
// measured latency is the load generator's own work than with Node's http client.
// Bounded: a request count and a time limit, whichever comes first.
import autocannon from 'autocannon';

/**
 * GETs `path()` (called for each request) over `connections` keep-alive connections.
 * Returns requests, seconds, requests per second, p50 and p99 latency in milliseconds
 * (autocannon records whole milliseconds) and the count of each status.
 */
export async function autocannonLoad({ port, connections, maxRequests, maxSeconds, path, token }) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    amount: maxRequests,
    duration: maxSeconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }],
  });
  const statuses = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count;
  if (result.errors > 0 || result.timeouts > 0) statuses.error = result.errors + result.timeouts;
  const requests = result.requests.total;
  return { requests, seconds: result.duration, rps: requests / result.duration, p50: result.latency.p50, p99: result.latency.p99, statuses };
}
