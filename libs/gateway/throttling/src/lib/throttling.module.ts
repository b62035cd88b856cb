import { Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RATE_LIMIT_HEADERS, RateLimitGuard, ThrottledRequest } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { THROTTLING_OPTIONS, ThrottlingConfigurableModule } from './throttling.module-definition';
import { ThrottlingOptions } from './throttling.options';

const createStore = (options: ThrottlingOptions): RateLimitStore =>
  options.redisUrl
    ? new RedisRateLimitStore({ url: options.redisUrl, keyPrefix: options.keyPrefix ?? 'bff:rl:', timeoutMs: options.redisTimeoutMs })
    : new MemoryRateLimitStore();

/**
 * Rate limiting for one BFF: the {@link RateLimitStore} (Redis when `redisUrl` is set, else
 * in-process) and a global {@link RateLimitGuard}. Import it AFTER the auth module: global guards
 * run in the order their modules are imported, and the guard needs the verified identity (JWT ->
 * roles -> throttle). Answers that fail after the guard (upstream errors, validation) keep the
 * `RateLimit-*` headers, and an upstream cannot replace them: they are set again just before sending.
 *
 * @example
 * imports: [AuthModule.forRoot({...}), ThrottlingModule.forRoot({ limit: 100, windowMs: 60_000, failMode: 'open', redisUrl })]
 */
@Module({
  providers: [
    { provide: RateLimitStore, useFactory: createStore, inject: [THROTTLING_OPTIONS] },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [RateLimitStore],
})
export class ThrottlingModule extends ThrottlingConfigurableModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {
    super();
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (typeof fastify?.addHook !== 'function') return;
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const headers = (request as unknown as ThrottledRequest)[RATE_LIMIT_HEADERS];
      if (headers) void reply.headers(headers);
      done(null, payload);
    });
  }
}
