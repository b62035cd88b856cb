/** RFC 3986 path characters (pchar and `/`), without `;`: anything else raw in a path is refused. */
const PATH_CHARS = /^\/[A-Za-z0-9\-._~!$&'()*+,=:@/%]*$/;
const ENCODED_FORBIDDEN = /%(2f|5c|00|3b)/i;

/**
 * Whether a request target's path is safe to route: only RFC 3986 path characters (so no raw `#`,
 * space, backslash or non-ASCII byte that a service's URL parser could read differently), no
 * encoded `/` or `\`, no NUL, no `;` (path parameters, which servers like Tomcat read as `..;` = `..`),
 * no empty segment (`//`), no `.` or `..` segment in any encoding, no C0/C1 control characters, and
 * percent-decoding succeeds. Such paths could be routed one way and forwarded another, so they
 * are refused (400) rather than repaired.
 */
export function isSafePath(url: string): boolean {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (!PATH_CHARS.test(path) || path.includes('//') || ENCODED_FORBIDDEN.test(path)) return false;
  const encoded = path.includes('%');
  // Without escapes or dots there is nothing to decode and no dot segment: the common case.
  if (!encoded && !path.includes('.')) return true;
  let decoded = path;
  if (encoded) {
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false;
    }
    for (let i = 0; i < decoded.length; i++) {
      const code = decoded.charCodeAt(i);
      if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
    }
  }
  return decoded.split('/').every((segment) => segment !== '.' && segment !== '..');
}
