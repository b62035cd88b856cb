import { IncomingHttpHeaders } from 'node:http';

/**
 * Headers meaningful for one connection only (RFC 9110 7.6.1), plus those the gateway's own client
 * sets (`host`) or answers itself (`expect`: the gateway, not the upstream, reads the body).
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy', 'host', 'expect']);

/** Identity and tracing headers only the gateway may set upstream, and credentials it never relays (`authorization`, `x-api-key`). */
const GATEWAY_OWNED = new Set([
  'x-user-id',
  'x-user-roles',
  'x-client',
  'x-forwarded-user',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-request-id',
  'traceparent',
  'authorization',
  'x-api-key',
]);

/** What the gateway knows about a request when it calls upstream. */
export interface ForwardContext {
  requestId: string;
  traceparent: string;
  client: string;
  /** The peer address of the client connection. */
  peerAddress: string;
  /** `X-Forwarded-For` as the client sent it, to be appended to. */
  forwardedFor?: string;
  host?: string;
  protocol: string;
  identity?: { sub: string; roles: readonly string[] };
}

/** `Connection` values that name no other header: they drop nothing beyond {@link HOP_BY_HOP}. */
const HOP_BY_HOP_VALUES = new Set(['keep-alive', 'close']);

const NO_TOKENS: ReadonlySet<string> = new Set();

/** The header names a `Connection` header lists (none for the usual `keep-alive` or `close`). */
function connectionTokens(headers: IncomingHttpHeaders): ReadonlySet<string> {
  const value = headers['connection'];
  if (typeof value !== 'string' || HOP_BY_HOP_VALUES.has(value.toLowerCase())) return NO_TOKENS;
  return new Set(value.split(',').map((token) => token.trim().toLowerCase()));
}

function isDropped(name: string, named: ReadonlySet<string>): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-') || named.has(name);
}

/** Whether `name` is a gateway-owned header in any spelling (`x_user_id` too). */
function isGatewayOwned(name: string): boolean {
  return GATEWAY_OWNED.has(name.includes('_') ? name.replace(/_/g, '-') : name);
}

/** The headers only the gateway sets: request id, trace context, client, `X-Forwarded-*`, identity. */
export function gatewayHeaders(context: ForwardContext): Record<string, string> {
  const headers: Record<string, string> = {};
  setGatewayHeaders(headers, context);
  return headers;
}

/** Sets the {@link gatewayHeaders} on `headers`, replacing any of the same name. */
function setGatewayHeaders(headers: Record<string, string | string[]>, context: ForwardContext): void {
  headers['x-request-id'] = context.requestId;
  headers['traceparent'] = context.traceparent;
  headers['x-client'] = context.client;
  headers['x-forwarded-for'] = context.forwardedFor ? `${context.forwardedFor}, ${context.peerAddress}` : context.peerAddress;
  headers['x-forwarded-proto'] = context.protocol;
  if (context.host) headers['x-forwarded-host'] = context.host;
  if (context.identity) {
    headers['x-user-id'] = context.identity.sub;
    headers['x-user-roles'] = context.identity.roles.join(',');
  }
}

/**
 * The headers to relay upstream: the client's, minus hop-by-hop headers (and those its `Connection`
 * names) and minus every identity header in any spelling (`x_user_id` too); then the
 * {@link gatewayHeaders}. The client cannot remove the gateway's headers: `Connection` is applied
 * to the client's headers before the gateway adds its own.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, context: ForwardContext): Record<string, string | string[]> {
  const named = connectionTokens(incoming);
  const headers: Record<string, string | string[]> = {};
  for (const name of Object.keys(incoming)) {
    const value = incoming[name];
    if (value === undefined || isDropped(name, named) || isGatewayOwned(name)) continue;
    headers[name] = value;
  }
  setGatewayHeaders(headers, context);
  return headers;
}

/**
 * The upstream's response headers fit to relay to the client: hop-by-hop ones removed, and those
 * the gateway answers for itself (`x-request-id`, `RateLimit-*`).
 */
export function clientResponseHeaders(incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const named = connectionTokens(incoming);
  const headers: Record<string, string | string[]> = {};
  for (const name of Object.keys(incoming)) {
    const value = incoming[name];
    if (value === undefined || isDropped(name, named) || name === 'x-request-id' || name.startsWith('ratelimit-')) continue;
    headers[name] = value;
  }
  return headers;
}
