import { SetMetadata } from '@nestjs/common';
import { RateLimitPolicy } from './rate-limit.store';

/** Metadata key of {@link RateLimit}. */
export const RATE_LIMIT_POLICIES = 'bff:rateLimit:policies';
/** Metadata key of {@link RateLimitCost}. */
export const RATE_LIMIT_COST = 'bff:rateLimit:cost';
/** Metadata key of {@link SkipRateLimit}. */
export const SKIP_RATE_LIMIT = 'bff:rateLimit:skip';

/** Stands for the BFF's default policy (`RATE_LIMIT`) among the policies of {@link RateLimit}. */
export const DEFAULT_POLICY = 'default';

const POLICY_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_COST = 1000;

const isCount = (value: number): boolean => Number.isSafeInteger(value) && value > 0;

function checked(policy: RateLimitPolicy | typeof DEFAULT_POLICY): RateLimitPolicy | typeof DEFAULT_POLICY {
  if (policy === DEFAULT_POLICY) return policy;
  if (!POLICY_NAME.test(policy.name) || policy.name === DEFAULT_POLICY) {
    throw new Error(`@RateLimit: policy name ${JSON.stringify(policy.name)} must be 1-64 of [A-Za-z0-9_-] and not "default"`);
  }
  if (!isCount(policy.limit) || !isCount(policy.windowMs)) {
    throw new Error(`@RateLimit: policy ${policy.name} needs a positive integer limit and windowMs`);
  }
  return policy;
}

/**
 * Replaces the default policy of a route or controller by these policies, all enforced at once:
 * a request passes only when every one has room, and the `RateLimit-*` headers describe the most
 * restrictive. `'default'` keeps the BFF's default policy among them. Each name is one budget per
 * tracker, shared by every route that uses the name.
 *
 * @example
 * @RateLimit({ name: 'burst', limit: 10, windowMs: 1000 }, { name: 'quota', limit: 100, windowMs: 60_000 })
 * @Get('search')
 * search() { ... }
 *
 * @RateLimit('default', { name: 'login', limit: 5, windowMs: 60_000 })
 * @Post('login')
 * login() { ... }
 */
export const RateLimit = (...policies: (RateLimitPolicy | typeof DEFAULT_POLICY)[]): MethodDecorator & ClassDecorator => {
  if (policies.length === 0) throw new Error('@RateLimit needs at least one policy');
  return SetMetadata(RATE_LIMIT_POLICIES, policies.map(checked));
};

/**
 * Counts each request to this route as `cost` units (default 1) against every policy, for
 * expensive routes. An integer from 1 to 1000.
 *
 * @example
 * @RateLimitCost(4)
 * @Get('report')
 * report() { ... }
 */
export const RateLimitCost = (cost: number): MethodDecorator & ClassDecorator => {
  if (!Number.isSafeInteger(cost) || cost < 1 || cost > MAX_COST) throw new Error(`@RateLimitCost: ${cost} is not an integer from 1 to ${MAX_COST}`);
  return SetMetadata(RATE_LIMIT_COST, cost);
};

/** Exempts a route or controller from rate limiting (internal routes such as the health probes). */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMIT, true);
