import { Logger, Type } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JwtAuthGuard, REQUIRED_ROLES, REQUIRED_SCOPES, RolesGuard } from '@bff/gateway-auth';
import { CacheInterceptor, SharedCacheRoute } from '@bff/gateway-caching';
import { RateLimitGuard } from '@bff/gateway-throttling';
import { IP_FILTER } from './access.decorators';
import { IpFilterGuard } from './ip-filter.guard';
import { answerProblem } from './problem-details.filter';

/** The global guards the gateway itself installs; on a public route none but the rate limit does anything. */
const GATEWAY_GUARDS: readonly Type[] = [IpFilterGuard, JwtAuthGuard, RolesGuard, RateLimitGuard];

/** Route metadata that makes an answer more than the cached value: another guard, interceptor, status, header or renderer. */
const ROUTE_DECLARATIONS = [IP_FILTER, REQUIRED_ROLES, REQUIRED_SCOPES, GUARDS_METADATA, HTTP_CODE_METADATA, HEADERS_METADATA, REDIRECT_METADATA, RENDER_METADATA, SSE_METADATA];

/** `type` from the application, or `undefined` when no module provides it. */
function optional<T>(app: NestFastifyApplication, type: Type<T>): T | undefined {
  try {
    return app.get(type, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Global guards and interceptors a BFF's modules added on top of the gateway's (`APP_GUARD`,
 * `APP_INTERCEPTOR`): each must see every request, so their presence keeps every answer on Nest's
 * pipeline. (`useGlobal*` is the gateway's alone: {@link createGatewayApp} holds the application.)
 */
function enhancersBeyondTheGateway(app: NestFastifyApplication): string[] {
  const found: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const [token, wrapper] of module.providers) {
      if (typeof token !== 'string') continue;
      const type = (wrapper.instance as object | undefined)?.constructor as Type | undefined;
      if (token.startsWith('APP_INTERCEPTOR')) found.push(`interceptor ${type?.name ?? token}`);
      else if (token.startsWith('APP_GUARD') && !GATEWAY_GUARDS.includes(type as Type)) found.push(`guard ${type?.name ?? token}`);
    }
  }
  return found;
}

/**
 * Answers fresh cache hits of public `@CacheRoute` GET routes from a Fastify `preHandler` hook,
 * before Nest's router, guards and interceptor chain, which cost more than the hit itself. The
 * hit has crossed the edge (request id, path check, client address, user-agent policy, load
 * shedding, CORS, security headers; metrics, access line and compression follow) and spends the
 * route's rate limit exactly as Nest's guard would; it answers what the cache interceptor would:
 * the stored value, `x-cache: HIT`, `age`, counted in `cache_requests_total`.
 *
 * Everything else goes on through Nest, unchanged: misses and stale entries, per-user routes,
 * the first request of each route (Nest's view of it tells the hook which handler and controller
 * it is), and routes that declare more than caching: an IP filter, roles or scopes, their own
 * guards or interceptors, a status code, headers, a redirect or a renderer. A BFF that adds a
 * global guard or interceptor of its own keeps every answer on Nest's pipeline (logged once at start).
 */
export function installCacheFastPath(fastify: FastifyInstance, app: NestFastifyApplication): void {
  const cache = optional(app, CacheInterceptor);
  if (!cache) return;
  const added = enhancersBeyondTheGateway(app);
  if (added.length > 0) {
    new Logger('Cache').log(`Cache hits are answered through Nest's pipeline: the BFF's global ${added.join(', ')} must see every request`);
    return;
  }
  const limiter = optional(app, RateLimitGuard);
  const reflector = app.get(Reflector);
  const logger = new Logger('Errors');
  const eligible = new WeakMap<SharedCacheRoute, boolean>();
  const declaresOnlyCaching = (route: SharedCacheRoute): boolean => {
    const targets = [route.handler, route.controller] as Parameters<Reflector['getAllAndOverride']>[1];
    if (ROUTE_DECLARATIONS.some((key) => reflector.getAllAndOverride<unknown>(key, targets) !== undefined)) return false;
    const interceptors = reflector.getAllAndMerge<unknown[]>(INTERCEPTORS_METADATA, targets);
    return interceptors.every((interceptor) => interceptor === CacheInterceptor);
  };

  const answer = async (request: FastifyRequest, reply: FastifyReply, route: SharedCacheRoute): Promise<boolean> => {
    const entry = await cache.freshSharedEntry(request);
    if (!entry) return false;
    await limiter?.admit(request, reply, route.handler, route.controller);
    void reply.send(cache.serveHit(reply, entry));
    return true;
  };

  fastify.addHook('preHandler', (request, reply, done) => {
    const route = request.method === 'GET' ? cache.sharedRouteOf(request) : undefined;
    if (!route) return done();
    let skipsNothing = eligible.get(route);
    if (skipsNothing === undefined) eligible.set(route, (skipsNothing = declaresOnlyCaching(route)));
    if (!skipsNothing) return done();
    answer(request, reply, route).then(
      (answered) => {
        if (!answered) done();
      },
      (error: unknown) => answerProblem(error, request, reply, logger),
    );
  });
}
