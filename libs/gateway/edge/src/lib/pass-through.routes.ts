import { Controller, DynamicModule, Inject, Module, RequestMapping, RequestMethod, Req, Res, Type } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles, Scopes } from '@bff/gateway-auth';
import { CacheRoute } from '@bff/gateway-caching';
import { DEFAULT_POLICY, RateLimit, RateLimitCost, RateLimitPolicy, SkipRateLimit } from '@bff/gateway-throttling';
import { JsonClient, PassThroughProxy } from '@bff/gateway-upstream';

/** HTTP methods a pass-through route may declare. */
export type PassThroughMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * A route relayed to a service as it is, declared instead of written as a controller. The same
 * guards apply as to any controller route: JWT (unless `public`), roles and scopes, rate limiting;
 * the same edge too: path check, body limit (413), problem+json errors.
 */
export interface PassThroughRoute {
  /** Path prefix, e.g. `/api/v2/users`: the route answers the prefix itself and every path below it. */
  prefix: string;
  /** Methods answered; every method when absent. Others get 404 like an unknown route. */
  methods?: readonly PassThroughMethod[];
  /** The upstream service, e.g. `users`. */
  service: string;
  /**
   * What replaces `prefix` in the upstream path: `/users` sends `/api/v2/users/u-1?x=1` as
   * `/users/u-1?x=1`; `''` strips the prefix (`/u-1?x=1`).
   */
  rewrite: string;
  /** `public` (no token), `user` (any valid token), or a token with one of `roles` and every one of `scopes`. */
  auth: 'public' | 'user' | { roles?: readonly string[]; scopes?: readonly string[] };
  /** Largest request body in bytes (413 beyond); default the BFF's 1 MiB. */
  bodyLimit?: number;
  /**
   * `skip`, or the route's policies (`'default'` is the BFF's `RATE_LIMIT`) with an optional cost
   * per request; the BFF's default policy when absent.
   */
  rateLimit?: 'skip' | { policies: readonly (RateLimitPolicy | typeof DEFAULT_POLICY)[]; cost?: number };
  /** Time budget of a request for its upstream call, retries included, in milliseconds (504 beyond); default the BFF's. */
  timeoutMs?: number;
  /** `false`: never retry this route's upstream requests, even idempotent ones; default retries as the BFF's policy allows. */
  retry?: false;
  /**
   * Caches answers (durations as `30s`, `5m`), one entry per user unless `public`, the upstream's
   * `Cache-Control` respected; only for routes whose `methods` are `['GET']` or `['GET', 'HEAD']`.
   * A cached route relays JSON (parsed and re-serialised) instead of streaming.
   */
  cache?: { ttl: string; staleWhileRevalidate?: string; staleIfError?: string };
}

const PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;
const REWRITE = /^(\/[A-Za-z0-9._~-]+)*$/;
const METHODS: Record<PassThroughMethod, RequestMethod> = {
  GET: RequestMethod.GET,
  HEAD: RequestMethod.HEAD,
  POST: RequestMethod.POST,
  PUT: RequestMethod.PUT,
  PATCH: RequestMethod.PATCH,
  DELETE: RequestMethod.DELETE,
  OPTIONS: RequestMethod.OPTIONS,
};

function isGetOnly(methods: readonly PassThroughMethod[] | undefined): boolean {
  return methods !== undefined && methods.includes('GET') && methods.every((method) => method === 'GET' || method === 'HEAD');
}

function checked(route: PassThroughRoute): PassThroughRoute {
  const problem = !PREFIX.test(route.prefix)
    ? `prefix ${JSON.stringify(route.prefix)} must be /segment[/segment...] of [A-Za-z0-9._~-]`
    : !REWRITE.test(route.rewrite)
      ? `rewrite ${JSON.stringify(route.rewrite)} must be '' or /segment[/segment...]`
      : route.methods && (route.methods.length === 0 || route.methods.some((method) => !(method in METHODS)))
        ? `methods must be some of ${Object.keys(METHODS).join(', ')}`
        : route.bodyLimit !== undefined && !(Number.isSafeInteger(route.bodyLimit) && route.bodyLimit > 0)
          ? 'bodyLimit must be a positive integer'
          : route.timeoutMs !== undefined && !(Number.isSafeInteger(route.timeoutMs) && route.timeoutMs > 0)
            ? 'timeoutMs must be a positive integer'
            : route.retry !== undefined && route.retry !== false
              ? 'retry must be false or absent'
              : route.cache && !isGetOnly(route.methods)
                ? "cache needs methods ['GET'] or ['GET', 'HEAD']"
                : undefined;
  if (problem) throw new Error(`Pass-through route ${route.prefix}: ${problem}`);
  return route;
}

/** The upstream path of a request on `route`: its URL with the prefix rewritten, query kept. */
export function upstreamPathOf(route: Pick<PassThroughRoute, 'prefix' | 'rewrite'>, url: string): string {
  const path = route.rewrite + url.slice(route.prefix.length);
  return path.startsWith('/') ? path : `/${path}`;
}

type Decorate = (target: object, key: string, descriptor: PropertyDescriptor) => void;

function decoratorsOf(route: PassThroughRoute): Decorate[] {
  const decorators: Decorate[] = [
    RouteConfig({
      passThrough: true,
      ...(route.bodyLimit !== undefined && { bodyLimit: route.bodyLimit }),
      ...(route.timeoutMs !== undefined && { deadlineMs: route.timeoutMs }),
      ...(route.retry === false && { retry: false }),
    }),
  ];
  if (route.cache) decorators.push(CacheRoute(route.cache));
  if (route.auth === 'public') decorators.push(Public());
  else if (route.auth !== 'user') {
    if (route.auth.roles?.length) decorators.push(Roles(...route.auth.roles));
    if (route.auth.scopes?.length) decorators.push(Scopes(...route.auth.scopes));
  }
  if (route.rateLimit === 'skip') decorators.push(SkipRateLimit());
  else if (route.rateLimit) {
    decorators.push(RateLimit(...route.rateLimit.policies));
    if (route.rateLimit.cost !== undefined) decorators.push(RateLimitCost(route.rateLimit.cost));
  }
  return decorators;
}

/**
 * A controller class for one route: one handler per declared method (or one for all), streaming
 * through {@link PassThroughProxy}, or through {@link JsonClient} when the route is cached.
 */
function controllerOf(route: PassThroughRoute): Type {
  class PassThroughController {
    constructor(
      @Inject(PassThroughProxy) readonly proxy: PassThroughProxy,
      @Inject(JsonClient) readonly json: JsonClient,
    ) {}
  }
  const relay = route.cache
    ? async function relay(this: PassThroughController, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
        const path = upstreamPathOf(route, request.url);
        const { status, body } = await this.json.send(route.service, { method: request.method, path }, request);
        void reply.status(status);
        return body;
      }
    : function relay(this: PassThroughController, request: FastifyRequest, reply: FastifyReply): Promise<void> {
        return this.proxy.forward(route.service, request, reply, upstreamPathOf(route, request.url));
      };
  // Fastify answers HEAD through the GET route itself: a HEAD handler beside a GET one would clash.
  const methods = route.methods?.filter((method) => method !== 'HEAD' || !route.methods?.includes('GET'));
  const mappings = methods
    ? methods.map((method) => ({ key: `relay${method}`, method: METHODS[method] }))
    : [{ key: 'relay', method: RequestMethod.ALL }];
  for (const { key, method } of mappings) {
    Object.defineProperty(PassThroughController.prototype, key, {
      value: relay,
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(PassThroughController.prototype, key) as PropertyDescriptor;
    Req()(PassThroughController.prototype, key, 0);
    Res({ passthrough: route.cache !== undefined })(PassThroughController.prototype, key, 1);
    Reflect.defineMetadata('design:paramtypes', [Object, Object], PassThroughController.prototype, key);
    for (const decorate of [...decoratorsOf(route), RequestMapping({ path: ['', '*'], method })]) {
      decorate(PassThroughController.prototype, key, descriptor);
    }
  }
  Object.defineProperty(PassThroughController, 'name', { value: `PassThrough(${route.prefix})` });
  Controller(route.prefix)(PassThroughController);
  return PassThroughController;
}

/**
 * Declarative pass-through routes: each becomes a controller at start, relayed with
 * {@link PassThroughProxy}, under the same guards and edge as hand-written routes. Declarations are
 * checked at start (a malformed one throws).
 *
 * @example
 * PassThroughRoutesModule.register([
 *   { prefix: '/api/v2/users', service: 'users', rewrite: '/users', auth: 'user' },
 *   { prefix: '/api/v1/catalogue', methods: ['GET'], service: 'products', rewrite: '/products', auth: 'public',
 *     rateLimit: { policies: [{ name: 'catalogue', limit: 50, windowMs: 1000 }] }, cache: { ttl: '30s' } },
 *   { prefix: '/api/v2/payments', methods: ['POST'], service: 'orders', rewrite: '/payments', auth: 'user',
 *     timeoutMs: 2000, retry: false },
 * ])
 */
@Module({})
export class PassThroughRoutesModule {
  static register(routes: readonly PassThroughRoute[]): DynamicModule {
    return { module: PassThroughRoutesModule, controllers: routes.map((route) => controllerOf(checked(route))) };
  }
}
