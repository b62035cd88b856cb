import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RequestWithIdentity } from '@bff/gateway-auth';
import { RouteMemo } from '@bff/gateway-route-memo';
import { GatewayMetrics } from '@bff/gateway-observability';
import { ApiKeyMatcher } from './api-key.matcher';
import { DEFAULT_POLICY, RATE_LIMIT_COST, RATE_LIMIT_POLICIES, SKIP_RATE_LIMIT } from './rate-limit.decorators';
import { RateLimitExceededException, RateLimitUnavailableException } from './rate-limit.exceptions';
import { InjectRateLimitStore, RateLimitDecision, RateLimitPolicy, RateLimitState, RateLimitStore } from './rate-limit.store';
import { THROTTLING_OPTIONS } from './throttling.module-definition';
import { ThrottlingOptions } from './throttling.options';

/** The parts of a request the guard reads and writes. */
export interface ThrottledRequest extends RequestWithIdentity {
  /** The client address resolved at the edge (`TRUSTED_PROXIES`). */
  clientAddress?: string;
  ip?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/** Whose budget a request spends (`user:<sub>`, `key:<name>`, `ip:<address>`) and at which tier. */
export interface RateLimitClient {
  readonly tracker: string;
  readonly tier: string;
}

/** The tier of requests without a verified user or a known API key. */
export const ANONYMOUS_TIER = 'anonymous';
/** The tier of a verified user whose token names no configured tier. */
export const USER_TIER = 'user';

/** The parts of a reply the guard writes. */
export interface ThrottledReply {
  header(name: string, value: string): unknown;
}

type PolicyRef = RateLimitPolicy | typeof DEFAULT_POLICY;

/** What a route declares: its policies and the cost of one request. */
interface RouteLimits {
  readonly refs: readonly PolicyRef[];
  readonly cost: number;
}

const SKIPPED = 'skip';

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
 * (`@RateLimit()`, else the default of the request's tier) for its tracker: the verified user when
 * there is one, else a configured API key (`x-api-key`), else the client address. Sets
 * `RateLimit-Limit`, `-Remaining` and `-Reset` (seconds) for the applied policy; answers 429 with
 * `Retry-After` when a policy has no room. Routes with `@SkipRateLimit()` are not counted.
 *
 * When the store fails, `failMode` decides: `open` lets the request through without headers,
 * `closed` answers 503; both count `rate_limit_store_failures_total`. Subclass and override
 * {@link clientOf} for another key (e.g. a tenant).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  /** The default policy of each tier `options.tiers` lists; the others get `RATE_LIMIT`'s numbers (not its counters). */
  private readonly tierPolicies = new Map<string, RateLimitPolicy>();
  private readonly tiered: boolean;
  private readonly apiKeys: ApiKeyMatcher;
  /** Each route's rate-limit declarations. */
  private readonly routes: RouteMemo<RouteLimits | typeof SKIPPED>;

  constructor(
    reflector: Reflector,
    @InjectRateLimitStore() private readonly store: RateLimitStore,
    @Inject(THROTTLING_OPTIONS) private readonly options: ThrottlingOptions,
    private readonly metrics: GatewayMetrics,
  ) {
    const tiers = Object.entries(options.tiers ?? {});
    this.apiKeys = new ApiKeyMatcher(options.apiKeys ?? []);
    this.tiered = tiers.length > 0 || (options.apiKeys ?? []).length > 0;
    for (const [tier, { limit, windowMs }] of tiers) this.tierPolicies.set(tier, { name: this.policyName(tier), limit, windowMs });
    this.routes = new RouteMemo((route) =>
      reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT, route)
        ? SKIPPED
        : {
            refs: reflector.getAllAndOverride<PolicyRef[] | undefined>(RATE_LIMIT_POLICIES, route) ?? [DEFAULT_POLICY],
            cost: reflector.getAllAndOverride<number | undefined>(RATE_LIMIT_COST, route) ?? 1,
          },
    );
  }

  /** Synchronous when the store answers at once (in-process): no promise for Nest to wait on. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const admitted = this.admit(http.getRequest<ThrottledRequest>(), http.getResponse<ThrottledReply>(), context.getHandler(), context.getClass());
    return admitted ? admitted.then(() => true) : true;
  }

  /**
   * Counts one request of the route `handler` of `controller` and sets its `RateLimit-*` headers;
   * throws the 429 (or, failing closed, the 503) the guard would answer. For answers given before
   * Nest's guards run (fresh cache hits), so they spend the same budget. Returns a promise only
   * when the store answers later (Redis); it then rejects instead of throwing.
   */
  admit(request: ThrottledRequest, reply: ThrottledReply, handler: object, controller: object): void | Promise<void> {
    const route = this.routes.of(handler, controller);
    if (route === SKIPPED) return;
    const { refs, cost } = route;
    const client = this.clientOf(request);
    const policies = refs.map((ref) => (ref === DEFAULT_POLICY ? this.defaultPolicyOf(client.tier) : ref));
    let decision: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      decision = this.store.consume(client.tracker, policies, cost);
    } catch {
      return this.storeFailed();
    }
    if (!(decision instanceof Promise)) return this.apply(decision, reply);
    return decision.then(
      (settled) => this.apply(settled, reply),
      () => this.storeFailed(),
    );
  }

  private storeFailed(): void {
    this.metrics.rateLimitStoreFailures.inc();
    if (this.options.failMode === 'closed') throw new RateLimitUnavailableException();
  }

  /** Sets the headers of `decision`; throws the 429 when it refused. */
  private apply(decision: RateLimitDecision, reply: ThrottledReply): void {
    const state = headline(decision);
    const limit = String(state.policy.limit);
    const remaining = String(state.remaining);
    const reset = String(seconds(state.resetMs));
    reply.header('ratelimit-limit', limit);
    reply.header('ratelimit-remaining', remaining);
    reply.header('ratelimit-reset', reset);
    if (decision.allowed) return;
    this.metrics.rateLimitRejections.inc({ policy: state.policy.name });
    const headers = { 'ratelimit-limit': limit, 'ratelimit-remaining': remaining, 'ratelimit-reset': reset };
    throw new RateLimitExceededException(state.policy.name, Math.max(1, seconds(state.retryAfterMs)), headers);
  }

  /**
   * Whose budget a request spends and at which tier:
   * - `user:<sub>` for a verified token (set by the JWT guard, which runs first), at the tier its
   *   `tier` claim names when that tier is configured, else `user`;
   * - else `key:<name>` at the key's tier when `x-api-key` matches a configured key (public routes
   *   carry no identity; on the others the token is required and wins);
   * - else `ip:<client address>` at the `anonymous` tier, whatever `x-api-key` says, so invented
   *   keys neither reset a budget nor add counters.
   */
  protected clientOf(request: ThrottledRequest): RateLimitClient {
    const { identity } = request;
    if (identity) {
      const { tier } = identity;
      const configured = tier !== undefined && tier !== ANONYMOUS_TIER && this.tierPolicies.has(tier);
      return { tracker: `user:${identity.sub}`, tier: configured ? tier : USER_TIER };
    }
    const key = this.apiKeys.match(request.headers?.['x-api-key']);
    if (key) return { tracker: `key:${key.name}`, tier: key.tier };
    return { tracker: `ip:${request.clientAddress || request.ip || 'unknown'}`, tier: ANONYMOUS_TIER };
  }

  /** The default policy of a tier: its own numbers when configured, `RATE_LIMIT`'s otherwise. */
  private defaultPolicyOf(tier: string): RateLimitPolicy {
    return this.tierPolicies.get(tier) ?? { name: this.policyName(tier), limit: this.options.limit, windowMs: this.options.windowMs };
  }

  /** `default:<tier>` once tiers or API keys are configured (tiers never share counters), else `default` as before. */
  private policyName(tier: string): string {
    return this.tiered ? `${DEFAULT_POLICY}:${tier}` : DEFAULT_POLICY;
  }
}
