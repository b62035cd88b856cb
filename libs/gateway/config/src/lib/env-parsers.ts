import { isIP } from 'node:net';
import { z } from 'zod';

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses a duration such as `500ms`, `60s`, `15m` or `1h` into milliseconds; `undefined` when malformed. */
export function parseDuration(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return ms > 0 ? ms : undefined;
}

/** A TCP port, 1-65535. */
export const port = z
  .string()
  .regex(/^\d+$/, 'an integer port 1-65535')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 65535, 'an integer port 1-65535');

/** A whole number of at least `min`. */
export const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, `an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `an integer from ${min} to ${max}`);

/** A comma-separated list, blanks dropped. */
export const list = z.string().transform((s) =>
  s
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search;
  } catch {
    return false;
  }
};

/** A comma-separated list of at least one `http(s)://host:port` base URL, without path or query. */
export const urlList = list.refine(
  (items) => items.length > 0 && items.every(isHttpUrl),
  'a comma-separated list of http(s)://host:port base URLs',
);

const isOrigin = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
};

/** A comma-separated list of exact origins such as `https://app.example.com` (no `*`, no path). */
export const originList = list.refine((items) => items.every(isOrigin), 'a comma-separated list of origins such as https://app.example.com');

/** `host:port`. */
export const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port');

/** An absolute URL with one of the given schemes. */
export const urlWithScheme = (...schemes: string[]) =>
  z.string().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `a ${schemes.join(' or ')} URL`);

const isCidr = (value: string): boolean => {
  const [address, bits, extra] = value.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max;
};

/** A comma-separated list of IPv4/IPv6 addresses or CIDR blocks. */
export const cidrList = list.refine((items) => items.every(isCidr), 'a comma-separated list of CIDRs such as 10.0.0.0/8');

/** A rate-limit policy `<count>/<window>`, e.g. `100/60s`. */
export const rateLimit = z.string().transform((value, ctx) => {
  const [count, window, extra] = value.split('/');
  const limit = /^\d+$/.test(count ?? '') ? Number(count) : 0;
  const windowMs = window === undefined ? undefined : parseDuration(window);
  if (extra !== undefined || limit < 1 || windowMs === undefined) {
    ctx.addIssue({ code: 'custom', message: '<count>/<window> such as 100/60s' });
    return z.NEVER;
  }
  return { limit, windowMs };
});
