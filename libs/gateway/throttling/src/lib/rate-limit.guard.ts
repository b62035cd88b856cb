import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { GatewayMetrics } from '@bff/gateway-observability';
import { DEFAULT_POLICY, RATE_LIMIT_COST, RATE_LIMIT_POLICIES, SKIP_RATE_LIMIT } from './rate-limit.decorators';
import { RateLimitExceededException, RateLimitUnavailableException } from './rate-limit.exceptions';
import { InjectRateLimitStore, RateLimitDecision, RateLimitPolicy, RateLimitState, RateLimitStore } from './rate-limit.store';
import { THROTTLING_OPTIONS } from './throttling.module-definition';
import { ThrottlingOptions } from './throttling.options';

/** Where the guard leaves the `RateLimit-*` headers of a request, for the `onSend` hook to re-assert. */
export const RATE_LIMIT_HEADERS = Symbol('RateLimitHeaders');

/** The parts of a request the guard reads and writes. */
export interface ThrottledRequest extends RequestWithIdentity {
  /** The client address resolved at the edge (`TRUSTED_PROXIES`). */
  clientAddress?: string;
  ip?: string;
  [RATE_LIMIT_HEADERS]?: Record<string, string>;
}

/** The parts of a reply the guard writes. */
export interface ThrottledReply {
  header(name: string, value: string): unknown;
}

type PolicyRef = RateLimitPolicy | typeof DEFAULT_POLICY;

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * The state the headers describe: on a refusal the refusing policy that frees up last, otherwise
 * the policy with the fewest units left (the longer reset on a tie).
 */
function headline(decision: RateLimitDecision): RateLimitState {
  const candidates = decision.allowed ? decision.states : decision.states.filter((state) => state.retryAfterMs > 0);
  return candidates.reduce((worst, state) => {
    if (!decision.allowed) return state.retryAfterMs > worst.retryAfterMs ? state : worst;
    if (state.remaining !== worst.remaining) return state.remaining < worst.remaining ? state : worst;
    return state.resetMs > worst.resetMs ? state : worst;
  });
}

/**
 * Global guard after authentication and roles: counts each request against the route's policies
 * (`@RateLimit()`, else the default) for its tracker, the verified user when there is one, else the
 * client address. Sets `RateLimit-Limit`, `-Remaining` and `-Reset` (seconds); answers 429 with
 * `Retry-After` when a policy has no room. Routes with `@SkipRateLimit()` are not counted.
 *
 * When the store fails, `failMode` decides: `open` lets the request through without headers,
 * `closed` answers 503; both count `rate_limit_store_failures_total`. Subclass and override
 * {@link trackerOf} for another key (e.g. an API key or a tenant).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly defaultPolicy: RateLimitPolicy;

  constructor(
    private readonly reflector: Reflector,
    @InjectRateLimitStore() private readonly store: RateLimitStore,
    @Inject(THROTTLING_OPTIONS) private readonly options: ThrottlingOptions,
    private readonly metrics: GatewayMetrics,
  ) {
    this.defaultPolicy = { name: DEFAULT_POLICY, limit: options.limit, windowMs: options.windowMs };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT, targets)) return true;
    const refs = this.reflector.getAllAndOverride<PolicyRef[] | undefined>(RATE_LIMIT_POLICIES, targets) ?? [DEFAULT_POLICY];
    const policies = refs.map((ref) => (ref === DEFAULT_POLICY ? this.defaultPolicy : ref));
    const cost = this.reflector.getAllAndOverride<number | undefined>(RATE_LIMIT_COST, targets) ?? 1;
    const request = context.switchToHttp().getRequest<ThrottledRequest>();
    const reply = context.switchToHttp().getResponse<ThrottledReply>();

    let decision: RateLimitDecision;
    try {
      decision = await this.store.consume(this.trackerOf(request), policies, cost);
    } catch {
      this.metrics.rateLimitStoreFailures.inc();
      if (this.options.failMode === 'closed') throw new RateLimitUnavailableException();
      return true;
    }

    const state = headline(decision);
    const headers = {
      'ratelimit-limit': String(state.policy.limit),
      'ratelimit-remaining': String(state.remaining),
      'ratelimit-reset': String(seconds(state.resetMs)),
    };
    request[RATE_LIMIT_HEADERS] = headers;
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    if (decision.allowed) return true;
    this.metrics.rateLimitRejections.inc({ policy: state.policy.name });
    throw new RateLimitExceededException(state.policy.name, Math.max(1, seconds(state.retryAfterMs)), headers);
  }

  /**
   * Whose budget a request spends: `user:<sub>` for a verified token (set by the JWT guard, which
   * runs first), else `ip:<client address>`. Public routes carry no identity, so they are limited
   * by address.
   */
  protected trackerOf(request: ThrottledRequest): string {
    if (request.identity) return `user:${request.identity.sub}`;
    return `ip:${request.clientAddress || request.ip || 'unknown'}`;
  }
}
