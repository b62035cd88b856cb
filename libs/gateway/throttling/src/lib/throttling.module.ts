import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitGuard } from './rate-limit.guard';
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
 * `RateLimit-*` headers; a relayed upstream answer cannot replace them, as the upstream layer never
 * relays `RateLimit-*` headers.
 *
 * @example
 * imports: [AuthModule.forRoot({...}), ThrottlingModule.forRoot({ limit: 100, windowMs: 60_000, failMode: 'open', redisUrl })]
 */
@Module({
  providers: [
    { provide: RateLimitStore, useFactory: createStore, inject: [THROTTLING_OPTIONS] },
    RateLimitGuard,
    { provide: APP_GUARD, useExisting: RateLimitGuard },
  ],
  // The guard is exported for answers given before Nest's guards run (fresh cache hits), which must spend the same budget.
  exports: [RateLimitStore, RateLimitGuard],
})
export class ThrottlingModule extends ThrottlingConfigurableModule {}
