import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@bff/gateway-auth';
import { CachingModule } from '@bff/gateway-caching';
import { BFF_CONFIG, BffConfig } from '@bff/gateway-config';
import { DiscoveryModule, REDIS_REGISTRY_PREFIX } from '@bff/gateway-discovery';
import { HealthModule } from '@bff/gateway-health';
import { ObservabilityModule } from '@bff/gateway-observability';
import { RateLimitStore, ThrottlingModule } from '@bff/gateway-throttling';
import { UpstreamModule } from '@bff/gateway-upstream';

/** What a BFF declares about itself beyond its environment. */
export interface GatewayModuleOptions {
  /** Services without which the BFF is not ready (readiness 503). */
  requiredServices: readonly string[];
  /** Accept the token from the `SESSION_COOKIE` cookie too (browsers), with CSRF checks on unsafe methods. */
  cookieSessions?: boolean;
}

const observability = (config: BffConfig) => ObservabilityModule.forRoot({ client: config.client, tracing: config.tracing });
const discovery = (config: BffConfig) =>
  DiscoveryModule.forRoot({
    services: config.discovery.services,
    refreshMs: config.discovery.refreshMs,
    dnsServers: config.discovery.dnsServers,
    redis: config.redisUrl ? { url: config.redisUrl, keyPrefix: REDIS_REGISTRY_PREFIX } : undefined,
    healthCheck: { path: '/health', intervalMs: 5000, timeoutMs: 1000 },
  });
const auth = (config: BffConfig, cookieSessions: boolean) =>
  AuthModule.forRoot({
    secret: config.jwt.secret,
    jwksUri: config.jwt.jwksUri,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    session: cookieSessions
      ? {
          cookie: config.sessionCookie,
          csrfCookie: `${config.sessionCookie}_csrf`,
          csrfHeader: 'x-csrf-token',
          trustedOrigins: config.corsOrigins,
        }
      : undefined,
  });
const throttling = (config: BffConfig) =>
  ThrottlingModule.forRoot({ ...config.rateLimit, redisUrl: config.redisUrl, keyPrefix: `bff:rl:${config.client}:` });
// One key namespace for every BFF, so with Redis the admin BFF can invalidate the others' entries.
const caching = (config: BffConfig) => CachingModule.forRoot({ client: config.client, redisUrl: config.redisUrl });
// Readiness waits for Redis only when counters live there.
const health = (config: BffConfig, requiredServices: readonly string[]) =>
  HealthModule.forRoot({ requiredServices, dependencies: config.redisUrl ? [RateLimitStore] : [] });
const upstream = (config: BffConfig) =>
  UpstreamModule.forRoot({
    client: config.client,
    timeoutMs: config.upstreamTimeoutMs,
    breaker: config.breaker,
    maxInFlight: config.upstreamMaxInFlight,
    services: Object.fromEntries(Object.entries(config.canary).map(([service, canary]) => [service, { canary }])),
  });

/**
 * Everything every BFF gets, wired from its config: observability, discovery, auth, rate limiting,
 * response caching (`@CacheRoute()`), the upstream layer and health. Rate limiting comes after auth on purpose: global guards run in
 * import order, and the limiter keys on the verified user (JWT -> roles -> throttle). A BFF's app
 * module imports this once, then its own feature modules.
 *
 * @example
 * imports: [GatewayModule.forRoot(config, { requiredServices: ['users'] }), WebFeatureUsersModule]
 */
@Module({})
export class GatewayModule {
  static forRoot(config: BffConfig, options: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      global: true,
      imports: [
        observability(config),
        discovery(config),
        auth(config, options.cookieSessions ?? false),
        throttling(config),
        caching(config),
        upstream(config),
        health(config, options.requiredServices),
      ],
      providers: [{ provide: BFF_CONFIG, useValue: config }],
      exports: [BFF_CONFIG],
    };
  }
}
