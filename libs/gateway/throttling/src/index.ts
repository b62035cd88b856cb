/**
 * @bff/gateway-throttling: rate limiting for every BFF: a global guard after authentication,
 * named policies per route, tiers (`anonymous`, `user`, a token's or an API key's), the
 * in-process and Redis stores, `RateLimit-*` headers.
 */
export { ApiKey, ApiKeyMatcher } from './lib/api-key.matcher';
export { MemoryRateLimitStore, MemoryRateLimitStoreOptions } from './lib/memory-rate-limit.store';
export {
  DEFAULT_POLICY,
  RATE_LIMIT_COST,
  RATE_LIMIT_POLICIES,
  RateLimit,
  RateLimitCost,
  SKIP_RATE_LIMIT,
  SkipRateLimit,
} from './lib/rate-limit.decorators';
export { RateLimitExceededException, RateLimitUnavailableException } from './lib/rate-limit.exceptions';
export {
  ANONYMOUS_TIER,
  RateLimitClient,
  RateLimitGuard,
  ThrottledReply,
  ThrottledRequest,
  USER_TIER,
} from './lib/rate-limit.guard';
export { InjectRateLimitStore, RateLimitDecision, RateLimitPolicy, RateLimitState, RateLimitStore } from './lib/rate-limit.store';
export { RateLimitStoreTimeoutError, RedisRateLimitStore, RedisRateLimitStoreOptions } from './lib/redis-rate-limit.store';
export { THROTTLING_OPTIONS } from './lib/throttling.module-definition';
export { ThrottlingModule } from './lib/throttling.module';
export { ThrottlingOptions } from './lib/throttling.options';
