/** What the edge knows about a finished request; header values are read, never logged whole. */
export interface AccessFacts {
  method: string;
  /** The matched route template (`/api/v2/users/*`), undefined when no route matched. */
  route: string | undefined;
  status: number;
  elapsedMs: number;
  requestId: string;
  /** The id of the trace the request runs under (incoming or started by the gateway). */
  traceId: string | undefined;
  /** The authenticated identity's `sub`. */
  userId: string | undefined;
  client: string;
  /** Upstream calls made for the request. */
  upstreamCalls: number;
  /** The `x-cache` answer header (HIT, MISS, STALE…). */
  cache: unknown;
  /** The `ratelimit-remaining` answer header. */
  rateLimitRemaining: unknown;
}

/** One access log line: no headers, no query string, no token. */
export interface AccessLine {
  method: string;
  route: string;
  status: number;
  durationMs: number;
  requestId: string;
  traceId?: string;
  userId?: string;
  client: string;
  upstreamCalls: number;
  cache?: string;
  rateLimitRemaining?: number;
  rateLimited?: true;
}

/**
 * The access line of one request: the route template (never the raw path; `unmatched` when none),
 * the duration rounded to 0.1 ms, and only the outcomes that apply.
 *
 * @example
 * logger.access(accessLine({ method: 'GET', route: '/api/v2/users/*', status: 200, ... }), false);
 */
export function accessLine(facts: AccessFacts): AccessLine {
  const line: AccessLine = {
    method: facts.method,
    route: facts.route ?? 'unmatched',
    status: facts.status,
    durationMs: Math.round(facts.elapsedMs * 10) / 10,
    requestId: facts.requestId,
    client: facts.client,
    upstreamCalls: facts.upstreamCalls,
  };
  if (facts.traceId) line.traceId = facts.traceId;
  if (facts.userId) line.userId = facts.userId;
  if (typeof facts.cache === 'string') line.cache = facts.cache;
  if (facts.rateLimitRemaining !== undefined) {
    const remaining = Number(facts.rateLimitRemaining);
    if (Number.isFinite(remaining)) line.rateLimitRemaining = remaining;
  }
  if (facts.status === 429) line.rateLimited = true;
  return line;
}
