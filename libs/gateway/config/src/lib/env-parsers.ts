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

/** A rate-limit tier name such as `partner`: 1-32 of `[a-z0-9-]`. */
const TIER_PATTERN = /^[a-z0-9-]{1,32}$/;

const RATE_LIMIT_TIERS_EXPECTED = 'comma-separated <tier>=<count>/<window> such as anonymous=20/60s,user=100/60s,partner=1000/60s';

/** `RATE_LIMIT_TIERS`: the default policy per tier, `anonymous=20/60s,partner=1000/60s`; each tier once. */
export const rateLimitTiers = z.string().transform((value, ctx) => {
  const tiers = new Map<string, { limit: number; windowMs: number }>();
  const entries = value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  for (const entry of entries) {
    const [tier, policy, extra] = entry.split('=');
    const parsed = extra === undefined && policy !== undefined ? rateLimit.safeParse(policy.trim()) : undefined;
    const name = tier.trim();
    if (!TIER_PATTERN.test(name) || !parsed?.success || tiers.has(name)) {
      ctx.addIssue({ code: 'custom', message: `${RATE_LIMIT_TIERS_EXPECTED} (each tier once, named by 1-32 of a-z 0-9 -), got ${JSON.stringify(entry)}` });
      return z.NEVER;
    }
    tiers.set(name, parsed.data);
  }
  if (entries.length === 0) {
    ctx.addIssue({ code: 'custom', message: RATE_LIMIT_TIERS_EXPECTED });
    return z.NEVER;
  }
  return Object.fromEntries(tiers);
});

/** One entry of `API_KEYS`: a machine client's name, its tier and the SHA-256 (hex) of its key. */
export interface ApiKeyConfig {
  /** 1-64 of `[A-Za-z0-9_-]`; the client is tracked as `key:<name>`. */
  name: string;
  tier: string;
  /** Lowercase hex SHA-256 of the key; the key itself is never configured. */
  sha256: string;
}

const API_KEY_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * `API_KEYS`: comma-separated `<name>:<tier>:<sha256 hex of the key>`; names and hashes unique.
 * Issues never quote an entry, so a key pasted by mistake in place of its hash is not logged.
 */
export const apiKeys = z.string().transform((value, ctx) => {
  const keys: ApiKeyConfig[] = [];
  const entries = value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  for (const [index, entry] of entries.entries()) {
    const [name, tier, sha256, extra] = entry.split(':');
    const problem =
      extra !== undefined || !API_KEY_NAME.test(name) || !TIER_PATTERN.test(tier ?? '') || !SHA256_HEX.test(sha256 ?? '')
        ? 'is not <name>:<tier>:<64 hex digits>'
        : keys.some((key) => key.name === name)
          ? 'repeats a name'
          : keys.some((key) => key.sha256 === sha256.toLowerCase())
            ? 'repeats a hash'
            : undefined;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `comma-separated <name>:<tier>:<sha256 hex of the key>; entry ${index + 1} ${problem}` });
      return z.NEVER;
    }
    keys.push({ name, tier, sha256: sha256.toLowerCase() });
  }
  return keys;
});

/** One instance of a static upstream list: its base URL and optional metadata. */
export interface InstanceConfig {
  /** Base URL, `http(s)://host:port`, without a trailing slash. */
  origin: string;
  /** Relative share of traffic for weighted balancing, 1-1000. */
  weight?: number;
  /** Version label, e.g. `v2` (canary routing). */
  version?: string;
  /** Zone label, e.g. `eu-1`. */
  zone?: string;
}

/**
 * Where one service's instances come from: a fixed list, the A records of a host (with a port),
 * the SRV records of a name (each target's A records, the SRV port and weight), or the Redis registry.
 */
export type ServiceSourceConfig =
  | { kind: 'static'; instances: InstanceConfig[] }
  | { kind: 'dns'; host: string; port: number }
  | { kind: 'dns-srv'; name: string }
  | { kind: 'redis' };

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const LABEL = /^[A-Za-z0-9._-]{1,64}$/;
const UPSTREAM_EXPECTED =
  'a comma-separated list of http(s)://host:port base URLs (each optionally followed by ;weight=<1-1000>;version=<label>;zone=<label>), or one dns://host:port or dns+srv://name';

/** Parses one `url;key=value;...` entry; a string is the one-line reason it is malformed. */
function instanceOf(entry: string): InstanceConfig | string {
  const [url, ...pairs] = entry.split(';').map((part) => part.trim());
  if (!isHttpUrl(url)) return UPSTREAM_EXPECTED;
  const instance: InstanceConfig = { origin: new URL(url).origin };
  for (const pair of pairs) {
    const [key, value, extra] = pair.split('=');
    if (extra !== undefined || value === undefined) return `key=value metadata after the URL, got ${JSON.stringify(pair)}`;
    if (key === 'weight') {
      const weight = /^\d{1,4}$/.test(value) ? Number(value) : 0;
      if (weight < 1 || weight > 1000) return `weight=<integer 1-1000>, got ${JSON.stringify(pair)}`;
      instance.weight = weight;
    } else if (key === 'version' || key === 'zone') {
      if (!LABEL.test(value)) return `${key}=<1-64 of A-Z a-z 0-9 . _ ->, got ${JSON.stringify(pair)}`;
      instance[key] = value;
    } else {
      return `metadata weight, version or zone, got ${JSON.stringify(key)}`;
    }
  }
  return instance;
}

/** Parses a `dns://host:port` or `dns+srv://name` target; a string is the reason it is malformed. */
function dnsTargetOf(value: string): ServiceSourceConfig | string {
  const srv = /^dns\+srv:\/\/([^/:]+)$/.exec(value);
  if (srv) return DNS_NAME.test(srv[1]) ? { kind: 'dns-srv', name: srv[1].replace(/\.$/, '') } : 'dns+srv://<dns name>';
  const a = /^dns:\/\/([^/:]+):(\d{1,5})$/.exec(value);
  const targetPort = a ? Number(a[2]) : 0;
  if (!a || !DNS_NAME.test(a[1]) || targetPort < 1 || targetPort > 65535) return 'dns://<host>:<port 1-65535>';
  return { kind: 'dns', host: a[1].replace(/\.$/, ''), port: targetPort };
}

/**
 * The value of an `UPSTREAM_<NAME>` variable: comma-separated base URLs with optional metadata
 * (`http://a:1;weight=3;version=v2;zone=eu-1,http://b:2`), or one DNS target
 * (`dns://users.shop.svc.cluster.local:4001` for A records, `dns+srv://_http._tcp.users.shop.svc.cluster.local` for SRV).
 */
export const upstreamSource = z.string().transform((value, ctx): ServiceSourceConfig => {
  const trimmed = value.trim();
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (/^dns(\+srv)?:/i.test(trimmed)) {
    const target = dnsTargetOf(trimmed);
    return typeof target === 'string' ? fail(target) : target;
  }
  const entries = trimmed.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  if (entries.length === 0) return fail(UPSTREAM_EXPECTED);
  const instances: InstanceConfig[] = [];
  for (const entry of entries) {
    const instance = instanceOf(entry);
    if (typeof instance === 'string') return fail(instance);
    instances.push(instance);
  }
  return { kind: 'static', instances };
});

/** A comma-separated list of DNS servers, `ip` or `ip:port` (IPv6 as `[ip]:port`). */
export const dnsServerList = list.refine(
  (items) =>
    items.length > 0 &&
    items.every((item) => {
      const match = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(item) ?? /^([0-9.]+)(?::(\d{1,5}))?$/.exec(item);
      return match !== null && isIP(match[1]) !== 0 && (match[2] === undefined || (Number(match[2]) >= 1 && Number(match[2]) <= 65535));
    }),
  'a comma-separated list of DNS server addresses such as 10.96.0.10 or 127.0.0.1:5353',
);

/** A duration such as `500ms`, `5s` or `1m`, in milliseconds. */
export const duration = z.string().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a duration such as 500ms, 5s or 1m' });
    return z.NEVER;
  }
  return ms;
});

/** A DNS domain such as `shop.svc.cluster.local`. */
export const dnsDomain = z.string().regex(DNS_NAME, 'a DNS domain such as shop.svc.cluster.local');

/** A canary release of one service: the share of users sent to its instances of one `version`. */
export interface CanaryConfig {
  /** The `version` label of the canary instances. */
  version: string;
  /** Share of users in the canary, an integer 0-100 (0: only requests sent with `x-canary: 1`). */
  percent: number;
}

/**
 * The value of `CANARY`: comma-separated `<service>:<version>:<percent>` (`products:v2:10`), at
 * most one per service, each service one of `services`.
 */
export const canaryList = (services: readonly string[]) =>
  z.string().transform((value, ctx): Record<string, CanaryConfig> => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const splits: Record<string, CanaryConfig> = {};
    for (const entry of value.split(',').map((item) => item.trim()).filter((item) => item.length > 0)) {
      const [service, version, percent, extra] = entry.split(':').map((part) => part.trim());
      if (percent === undefined || extra !== undefined) return fail(`<service>:<version>:<percent> such as products:v2:10, got ${JSON.stringify(entry)}`);
      if (!services.includes(service)) return fail(`a service of ${services.join(', ')}, got ${JSON.stringify(service)}`);
      if (splits[service]) return fail(`one canary per service, got ${service} twice`);
      if (!LABEL.test(version)) return fail(`a version of 1-64 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(version)}`);
      const share = /^\d{1,3}$/.test(percent) ? Number(percent) : -1;
      if (share < 0 || share > 100) return fail(`a percent as an integer 0-100, got ${JSON.stringify(percent)}`);
      splits[service] = { version, percent: share };
    }
    return splits;
  });
