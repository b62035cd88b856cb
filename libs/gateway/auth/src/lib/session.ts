import { timingSafeEqual } from 'node:crypto';

/** Cookie sessions for browsers, which should not hold tokens in JavaScript. */
export interface SessionOptions {
  /** Name of the HttpOnly cookie holding the token. */
  cookie: string;
  /** Name of the (script-readable) cookie holding the CSRF token; sent back in {@link csrfHeader}. */
  csrfCookie: string;
  /** Header that must repeat the CSRF cookie on unsafe requests authenticated by cookie. */
  csrfHeader: string;
  /** Origins allowed to make unsafe cookie-authenticated requests besides the BFF's own. */
  trustedOrigins: readonly string[];
}

/** A request as the session checks see it. */
export interface SessionRequest {
  method: string;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of cookie `name` in a `Cookie` header, or `undefined`. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator !== -1 && part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}

/** A `Cookie` header without the named cookies, or `undefined` when nothing else is left. */
export function withoutCookies(header: string, names: readonly string[]): string | undefined {
  const kept = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !names.includes(part.slice(0, part.indexOf('=') === -1 ? part.length : part.indexOf('=')).trim()));
  return kept.length > 0 ? kept.join('; ') : undefined;
}

function originOf(request: SessionRequest): string | undefined {
  const origin = request.headers['origin'];
  if (typeof origin === 'string') return origin;
  const referer = request.headers['referer'];
  if (typeof referer !== 'string') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Why a cookie-authenticated request must be refused as a possible cross-site request forgery, or
 * `undefined` when it may proceed. Safe methods always may; unsafe ones need an `Origin` (or
 * `Referer`) that is the BFF itself or a trusted origin, and the CSRF header equal to the CSRF
 * cookie's value `csrfCookie` (double submit).
 */
export function csrfRefusal(request: SessionRequest, options: SessionOptions, csrfCookie: string | undefined): string | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const origin = originOf(request);
  const own = `${request.protocol ?? 'http'}://${String(request.headers['host'] ?? '')}`;
  if (origin === undefined || (origin !== own && !options.trustedOrigins.includes(origin))) {
    return 'The request does not come from an allowed origin.';
  }
  const header = request.headers[options.csrfHeader];
  if (csrfCookie === undefined || typeof header !== 'string' || !sameSecret(csrfCookie, header)) {
    return 'The CSRF token is missing or does not match.';
  }
  return undefined;
}

/**
 * The `Set-Cookie` values that open a session: the token in an HttpOnly cookie and the CSRF token
 * in a script-readable one, both `Secure`, `SameSite=Strict`, expiring with the token.
 */
export function sessionCookies(options: SessionOptions, token: string, csrfToken: string, maxAgeSeconds: number): string[] {
  const attributes = `Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; Secure; SameSite=Strict`;
  return [`${options.cookie}=${token}; ${attributes}; HttpOnly`, `${options.csrfCookie}=${csrfToken}; ${attributes}`];
}
