import { z } from 'zod';
import {
  ApiKeyConfig,
  apiKeys,
  CanaryConfig,
  canaryList,
  cidrList,
  dnsDomain,
  dnsServerList,
  duration,
  hostPort,
  integer,
  list,
  originList,
  port,
  rateLimit,
  rateLimitTiers,
  ServiceSourceConfig,
  upstreamSource,
  urlWithScheme,
} from './env-parsers';

/**
 * The client a BFF serves, a lowercase kebab-case name (`web`, `mobile`, `admin`, or a team's own,
 * e.g. `partner`); sent upstream as `x-client` and part of metric labels and cache keys. Open on
 * purpose, so a generated BFF needs no edit here; `string & {}` keeps the known names as suggestions.
 */
export type ClientKind = 'web' | 'mobile' | 'admin' | (string & {});

/** What a {@link ClientKind} must look like: lowercase letters and digits in kebab-case. */
export const CLIENT_KIND_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Services every BFF can reach over HTTP. */
export const HTTP_SERVICES = ['users', 'orders', 'products'] as const;

/** Name of an HTTP upstream service. */
export type HttpServiceName = (typeof HTTP_SERVICES)[number];

/**
 * The signing secret that only development builds accept. It is public on purpose (it is in the
 * repository), which is why a production process refuses to start with it.
 */
export const DEVELOPMENT_JWT_SECRET = 'bff-development-secret-do-not-use-in-production';

/** The demo-services addresses, used when no `UPSTREAM_*` variable overrides them. */
export const DEMO_UPSTREAMS: Readonly<Record<HttpServiceName, readonly string[]>> = {
  users: ['http://127.0.0.1:4001'],
  orders: ['http://127.0.0.1:4002'],
  products: ['http://127.0.0.1:4003', 'http://127.0.0.1:4013'],
};

/** Where the instances of every service come from. */
export interface DiscoveryConfig {
  /**
   * `DISCOVERY`: the source of services without an `UPSTREAM_<NAME>` override. `static`: the
   * demo-services addresses; `dns`: SRV records `_http._tcp.<service>.<DISCOVERY_DNS_DOMAIN>`;
   * `redis`: instances registered in Redis (`REDIS_URL`) with a TTL heartbeat.
   */
  source: 'static' | 'dns' | 'redis';
  /** Each service's source after overrides. */
  services: Record<HttpServiceName, ServiceSourceConfig>;
  /** How often DNS names are resolved again and the Redis registry is read (`DISCOVERY_INTERVAL`). */
  refreshMs: number;
  /** DNS servers to ask (`DISCOVERY_DNS_SERVER`); empty: the system's. */
  dnsServers: string[];
}

/** What differs between BFFs before the environment is read. */
export interface BffDefaults {
  client: ClientKind;
  port: number;
  managementPort: number;
}

/** The typed configuration of one BFF process, derived from its environment. */
export interface BffConfig {
  client: ClientKind;
  production: boolean;
  host: string;
  port: number;
  managementPort: number;
  logLevel: string;
  inventory: string;
  discovery: DiscoveryConfig;
  redisUrl?: string;
  natsUrl?: string;
  /** The TCP events listener used when `natsUrl` is unset (the demo notifications service by default). */
  eventsTcp: { host: string; port: number };
  jwt: {
    /** HS256 secret: `JWT_SECRET`, or the development secret when neither it nor `JWT_JWKS_URI` is set. */
    secret?: string;
    /** JWKS endpoint of the RS256/ES256 keys. */
    jwksUri?: string;
    issuer?: string;
    audience?: string;
    /** True when the process runs on the public development secret. */
    developmentSecret: boolean;
  };
  rateLimit: {
    /** `RATE_LIMIT`: the default policy of every tier `tiers` does not list. */
    limit: number;
    windowMs: number;
    failMode: 'open' | 'closed';
    /** `RATE_LIMIT_TIERS`: the default policy per tier (`anonymous`, `user`, or a name such as `partner`). */
    tiers: Record<string, { limit: number; windowMs: number }>;
    /** `API_KEYS`: machine clients, each with its tier and the SHA-256 of its key. */
    apiKeys: ApiKeyConfig[];
  };
  trustedProxies: string[];
  upstreamTimeoutMs: number;
  /** Calls in flight per upstream service at most (bulkhead); more are refused with 503. */
  upstreamMaxInFlight: number;
  breaker: { volume: number; errorPercent: number; resetMs: number };
  /** `CANARY`: canary releases by service (a service without one is absent). */
  canary: Partial<Record<HttpServiceName, CanaryConfig>>;
  corsOrigins: string[];
  /** Name of the HttpOnly session cookie of BFFs that accept cookie sessions. */
  sessionCookie: string;
  /** Case-insensitive substrings: a `User-Agent` containing one is refused (403). */
  userAgentDeny: string[];
  /** When not empty, a `User-Agent` must contain one of these substrings (403 otherwise). */
  userAgentAllow: string[];
  /** What happens on SIGTERM/SIGINT: readiness fails, `delayMs` of serving with `Connection: close`, then at most `graceMs` for in-flight requests. */
  shutdown: { delayMs: number; graceMs: number };
  /** Early 503s instead of late timeouts: past `maxInFlight` concurrent requests, or a mean event-loop delay over `maxLagMs`. */
  loadShedding: { maxInFlight: number; maxLagMs: number };
  /**
   * OpenTelemetry traces, exported over OTLP/HTTP to `endpoint` (`OTEL_EXPORTER_OTLP_ENDPOINT`) as
   * `serviceName` (`OTEL_SERVICE_NAME`, default `<client>-bff`), batches sent at least every
   * `scheduledDelayMillis` (`OTEL_BSP_SCHEDULE_DELAY`, default 5000); undefined: traces off.
   */
  tracing?: { endpoint: string; serviceName: string; scheduledDelayMillis: number };
}

/** A malformed environment; `message` is one line naming the variable and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])),
  HOST: optional(z.string().regex(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address')),
  PORT: optional(port),
  MANAGEMENT_PORT: optional(port),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  UPSTREAM_USERS: optional(upstreamSource),
  UPSTREAM_ORDERS: optional(upstreamSource),
  UPSTREAM_PRODUCTS: optional(upstreamSource),
  UPSTREAM_INVENTORY: optional(hostPort),
  DISCOVERY: optional(z.enum(['static', 'dns', 'redis'])),
  DISCOVERY_INTERVAL: optional(duration),
  DISCOVERY_DNS_SERVER: optional(dnsServerList),
  DISCOVERY_DNS_DOMAIN: optional(dnsDomain),
  REDIS_URL: optional(urlWithScheme('redis', 'rediss')),
  NATS_URL: optional(urlWithScheme('nats', 'tls')),
  EVENTS_TCP: optional(hostPort),
  JWT_SECRET: optional(z.string().min(32, 'at least 32 characters')),
  JWT_JWKS_URI: optional(urlWithScheme('http', 'https')),
  JWT_ISSUER: optional(z.string()),
  JWT_AUDIENCE: optional(z.string()),
  RATE_LIMIT: optional(rateLimit),
  RATE_LIMIT_FAIL: optional(z.enum(['open', 'closed'])),
  RATE_LIMIT_TIERS: optional(rateLimitTiers),
  API_KEYS: optional(apiKeys),
  TRUSTED_PROXIES: optional(cidrList),
  UPSTREAM_TIMEOUT_MS: optional(integer(1, 600_000)),
  UPSTREAM_MAX_IN_FLIGHT: optional(integer(1, 1_000_000)),
  BREAKER_VOLUME: optional(integer(1)),
  BREAKER_ERROR_PERCENT: optional(integer(1, 100)),
  BREAKER_RESET_MS: optional(integer(1)),
  CANARY: optional(canaryList(HTTP_SERVICES)),
  CORS_ORIGINS: optional(originList),
  SESSION_COOKIE: optional(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a cookie name of letters, digits, _ and -')),
  USER_AGENT_DENY: optional(list),
  USER_AGENT_ALLOW: optional(list),
  SHUTDOWN_DELAY_MS: optional(integer(0, 600_000)),
  SHUTDOWN_GRACE_MS: optional(integer(0, 600_000)),
  LOAD_SHED_IN_FLIGHT: optional(integer(1)),
  LOAD_SHED_LAG_MS: optional(integer(1, 60_000)),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(urlWithScheme('http', 'https')),
  OTEL_SERVICE_NAME: optional(z.string().regex(/^[A-Za-z0-9._/-]{1,128}$/, 'a service name of up to 128 letters, digits, ., _, / and -')),
  OTEL_BSP_SCHEDULE_DELAY: optional(integer(1, 600_000)),
});

const SECRET_VARIABLES = new Set(['API_KEYS']);

function describe(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const variable = String(issue.path[0]);
  const expected =
    issue.code === 'invalid_value' && 'values' in issue
      ? `one of ${issue.values.map(String).join(', ')}`
      : issue.message;
  // The value of API_KEYS is not repeated: a key pasted in place of its hash must not reach the logs.
  const shown = SECRET_VARIABLES.has(variable) ? variable : `${variable}=${JSON.stringify(env[variable])}`;
  return `Invalid environment variable ${shown}: expected ${expected}`;
}

type ParsedEnv = z.output<typeof envSchema>;

/** The tiers an API key may name: the built-in two and those `RATE_LIMIT_TIERS` lists. */
function checkedApiKeys(e: ParsedEnv): ApiKeyConfig[] {
  const known = new Set(['anonymous', 'user', ...Object.keys(e.RATE_LIMIT_TIERS ?? {})]);
  const keys = e.API_KEYS ?? [];
  const unknown = keys.find((key) => !known.has(key.tier));
  if (unknown) {
    throw new ConfigError(`Invalid environment variable API_KEYS: key ${unknown.name} names tier ${JSON.stringify(unknown.tier)}, expected one of ${[...known].join(', ')}`);
  }
  return keys;
}

const OVERRIDES: Record<HttpServiceName, 'UPSTREAM_USERS' | 'UPSTREAM_ORDERS' | 'UPSTREAM_PRODUCTS'> = {
  users: 'UPSTREAM_USERS',
  orders: 'UPSTREAM_ORDERS',
  products: 'UPSTREAM_PRODUCTS',
};

function discoveryOf(e: ParsedEnv): DiscoveryConfig {
  const source = e.DISCOVERY ?? 'static';
  if (source === 'redis' && !e.REDIS_URL) throw new ConfigError('DISCOVERY=redis requires REDIS_URL');
  const fallback = (service: HttpServiceName): ServiceSourceConfig => {
    if (source === 'redis') return { kind: 'redis' };
    if (source === 'static') return { kind: 'static', instances: DEMO_UPSTREAMS[service].map((origin) => ({ origin })) };
    if (!e.DISCOVERY_DNS_DOMAIN) {
      throw new ConfigError(`DISCOVERY=dns requires DISCOVERY_DNS_DOMAIN (e.g. shop.svc.cluster.local) or ${OVERRIDES[service]}=dns+srv://<name>`);
    }
    return { kind: 'dns-srv', name: `_http._tcp.${service}.${e.DISCOVERY_DNS_DOMAIN.replace(/\.$/, '')}` };
  };
  const services = Object.fromEntries(
    HTTP_SERVICES.map((service) => [service, e[OVERRIDES[service]] ?? fallback(service)]),
  ) as Record<HttpServiceName, ServiceSourceConfig>;
  return { source, services, refreshMs: e.DISCOVERY_INTERVAL ?? 5_000, dnsServers: e.DISCOVERY_DNS_SERVER ?? [] };
}

function splitHostPort(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
}

/**
 * Reads a BFF's configuration from an environment. Throws {@link ConfigError} with one line naming
 * the first malformed variable; never reads `process.env` itself (the app passes it in).
 *
 * @example
 * const config = loadBffConfig(process.env, { client: 'web', port: 3000, managementPort: 9100 });
 */
export function loadBffConfig(env: Record<string, string | undefined>, defaults: BffDefaults): BffConfig {
  if (!CLIENT_KIND_PATTERN.test(defaults.client)) {
    throw new ConfigError(`Invalid client name ${JSON.stringify(defaults.client)}: expected lowercase kebab-case, e.g. partner`);
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describe(parsed.error.issues[0], env));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET && !e.JWT_JWKS_URI) {
    throw new ConfigError('NODE_ENV=production requires JWT_SECRET or JWT_JWKS_URI: the development secret is refused');
  }
  const developmentSecret = !e.JWT_SECRET && !e.JWT_JWKS_URI;
  return {
    client: defaults.client,
    production,
    host: e.HOST ?? '0.0.0.0',
    port: e.PORT ?? defaults.port,
    managementPort: e.MANAGEMENT_PORT ?? defaults.managementPort,
    logLevel: e.LOG_LEVEL ?? 'info',
    inventory: e.UPSTREAM_INVENTORY ?? '127.0.0.1:50051',
    discovery: discoveryOf(e),
    redisUrl: e.REDIS_URL,
    natsUrl: e.NATS_URL,
    eventsTcp: splitHostPort(e.EVENTS_TCP ?? '127.0.0.1:4004'),
    jwt: {
      secret: developmentSecret ? DEVELOPMENT_JWT_SECRET : e.JWT_SECRET,
      jwksUri: e.JWT_JWKS_URI,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      developmentSecret,
    },
    rateLimit: {
      ...(e.RATE_LIMIT ?? { limit: 100, windowMs: 60_000 }),
      failMode: e.RATE_LIMIT_FAIL ?? 'open',
      tiers: e.RATE_LIMIT_TIERS ?? {},
      apiKeys: checkedApiKeys(e),
    },
    trustedProxies: e.TRUSTED_PROXIES ?? [],
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS ?? 3000,
    upstreamMaxInFlight: e.UPSTREAM_MAX_IN_FLIGHT ?? 256,
    breaker: {
      volume: e.BREAKER_VOLUME ?? 10,
      errorPercent: e.BREAKER_ERROR_PERCENT ?? 50,
      resetMs: e.BREAKER_RESET_MS ?? 10_000,
    },
    canary: e.CANARY ?? {},
    corsOrigins: e.CORS_ORIGINS ?? [],
    sessionCookie: e.SESSION_COOKIE ?? 'bff_session',
    userAgentDeny: (e.USER_AGENT_DENY ?? []).map((pattern) => pattern.toLowerCase()),
    userAgentAllow: (e.USER_AGENT_ALLOW ?? []).map((pattern) => pattern.toLowerCase()),
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS ?? 0, graceMs: e.SHUTDOWN_GRACE_MS ?? 25_000 },
    loadShedding: { maxInFlight: e.LOAD_SHED_IN_FLIGHT ?? 5000, maxLagMs: e.LOAD_SHED_LAG_MS ?? 500 },
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
          serviceName: e.OTEL_SERVICE_NAME ?? `${defaults.client}-bff`,
          scheduledDelayMillis: e.OTEL_BSP_SCHEDULE_DELAY ?? 5000,
        }
      : undefined,
  };
}
