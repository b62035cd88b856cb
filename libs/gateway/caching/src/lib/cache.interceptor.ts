import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IS_PUBLIC, RequestWithIdentity } from '@bff/gateway-auth';
import { upstreamCacheControlOf } from '@bff/gateway-upstream';
import { buildCacheKey } from './cache-key';
import { parseCacheControl } from './cache-control';
import { CacheMetrics, CacheResult } from './cache.metrics';
import { CACHE_ROUTE, CachePolicy } from './cache-route.decorator';
import { CacheEntry, CacheStore, InjectCacheStore } from './cache.store';
import { CACHING_OPTIONS } from './caching.module-definition';
import { CachingOptions, DEFAULT_CACHE_NAMESPACE } from './caching.options';
import { SingleFlight } from './single-flight';

/** What one call of the handler produced, and whether other requests for its key may reuse it. */
interface Loaded {
  readonly value: unknown;
  /** Stored (or storable): the answer is the same for everyone the key stands for. */
  readonly shareable: boolean;
}

/** One cacheable request being answered. */
interface Call {
  readonly key: string;
  readonly policy: CachePolicy;
  readonly shared: boolean;
  /** An older entry exists: an answer that may not be stored must remove it. */
  readonly replaces: boolean;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly next: CallHandler;
}

const hasDegradedParts = (value: unknown): boolean => {
  const degraded = (value as { meta?: { degraded?: unknown } } | null)?.meta?.degraded;
  return Array.isArray(degraded) && degraded.length > 0;
};

/** Failures that stale-if-error covers: 5xx answers, timeouts, open circuits, anything unexpected. */
const isServerFailure = (error: unknown): boolean => !(error instanceof HttpException) || error.getStatus() >= 500;

/** A public `@CacheRoute` route as Nest saw it: its handler and controller, whose metadata decide whether a hit may skip Nest. */
export interface SharedCacheRoute {
  readonly handler: object;
  readonly controller: object;
}

/*
 * Nest makes one interceptor instance per module that uses `@CacheRoute`, and the fast path asks
 * the cache module's own; what they share lives here, keyed by objects of one application each.
 */
/** Public cached routes met so far, by their Fastify route config (one object per route). */
const sharedRoutes = new WeakMap<object, SharedCacheRoute>();
/** What a request found before Nest that was not a fresh hit (a miss, a stale entry): Nest's pass reads nothing again. */
const readBeforeNest = new WeakMap<FastifyRequest, CacheEntry | undefined>();

/** What Fastify answers an object with. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const headerValues = (value: string | number | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [String(value)];

/**
 * Global interceptor answering `@CacheRoute()` GET routes from the {@link CacheStore}:
 * fresh entries as `HIT`, stale ones as `STALE` (refreshed once in the background, or served when
 * the refresh fails within stale-if-error), everything else as `MISS` through the handler, with
 * concurrent misses of one key coalesced into one handler call per process.
 *
 * Stored: only 200 answers whose value is JSON, without `Set-Cookie`, without a non-empty
 * `meta.degraded`, and not forbidden by `Cache-Control` (the reply's or an upstream's): `no-store`
 * never, `private` only in a per-user entry, `max-age`/`s-maxage` caps the TTL. Subclass and
 * override {@link userOf} or {@link isStorable} to change whose entry a request reads or what is kept.
 */
@Injectable()
export class CacheInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Cache');
  private readonly flights = new SingleFlight<Loaded>();
  private readonly namespace: string;

  constructor(
    private readonly reflector: Reflector,
    @InjectCacheStore() private readonly store: CacheStore,
    @Inject(CACHING_OPTIONS) private readonly options: CachingOptions,
    private readonly metrics: CacheMetrics,
  ) {
    this.namespace = options.namespace ?? DEFAULT_CACHE_NAMESPACE;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const policy = this.reflector.get<CachePolicy | undefined>(CACHE_ROUTE, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!policy || request.method !== 'GET') return next.handle();
    const handler = context.getHandler();
    const controller = context.getClass();
    const shared = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [handler, controller]) === true;
    if (shared) {
      const { config } = request.routeOptions;
      if (!sharedRoutes.has(config)) sharedRoutes.set(config, { handler, controller });
    }
    const user = shared ? undefined : this.userOf(request);
    if (!shared && user === undefined) return next.handle();
    const key = buildCacheKey({ namespace: this.namespace, client: this.options.client, url: request.url, user });
    if (key === undefined) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.answer({ key, policy, shared, replaces: false, request, reply, next }));
  }

  /**
   * The public `@CacheRoute` route a request is for, once one request of that route has gone
   * through Nest (which is when the route's handler and controller are known); else `undefined`.
   */
  sharedRouteOf(request: FastifyRequest): SharedCacheRoute | undefined {
    return sharedRoutes.get(request.routeOptions.config);
  }

  /**
   * The fresh entry of a request on a public cached route (see {@link sharedRouteOf}), or
   * `undefined`; the interceptor reuses the read when the request goes on through Nest.
   */
  async freshSharedEntry(request: FastifyRequest): Promise<CacheEntry | undefined> {
    const key = buildCacheKey({ namespace: this.namespace, client: this.options.client, url: request.url });
    if (key === undefined) return undefined;
    const entry = await this.store.get(key);
    if (entry && Date.now() < entry.freshUntil) return entry;
    readBeforeNest.set(request, entry);
    return undefined;
  }

  /**
   * Counts a fresh hit and sets its `x-cache` and `age` headers; answers what to send. An object or
   * array kept as JSON text is answered as that text, with the content type Fastify gives the value.
   */
  serveHit(reply: FastifyReply, entry: CacheEntry): unknown {
    const { json } = entry;
    if (json === undefined || (json[0] !== '{' && json[0] !== '[')) return this.serve(reply, 'hit', entry.value, entry);
    void reply.header('content-type', JSON_CONTENT_TYPE);
    return this.serve(reply, 'hit', json, entry);
  }

  /** Whose entry a non-public route reads: the verified user; `undefined` leaves the request uncached. */
  protected userOf(request: FastifyRequest): string | undefined {
    return (request as RequestWithIdentity).identity?.sub;
  }

  /**
   * How long the handler's answer may be kept (ms), or `undefined` when it must not be stored.
   * `shared` is true for a public route's entry, which every caller reads.
   */
  protected isStorable(value: unknown, call: Pick<Call, 'policy' | 'shared' | 'request' | 'reply'>): number | undefined {
    const { reply, request, policy, shared } = call;
    if (reply.statusCode !== 200 || reply.getHeader('set-cookie') !== undefined) return undefined;
    if (value === undefined || hasDegradedParts(value)) return undefined;
    const cacheControl = parseCacheControl([...headerValues(reply.getHeader('cache-control')), ...upstreamCacheControlOf(request)]);
    if (cacheControl.noStore || (cacheControl.private && shared)) return undefined;
    const ttlMs = Math.min(policy.ttlMs, (cacheControl.maxAgeSeconds ?? Infinity) * 1000);
    return ttlMs > 0 ? ttlMs : undefined;
  }

  private async answer(request: Call): Promise<unknown> {
    const entry = readBeforeNest.has(request.request) ? readBeforeNest.get(request.request) : await this.store.get(request.key);
    const call = { ...request, replaces: entry !== undefined };
    const now = Date.now();
    if (entry && now < entry.freshUntil) return this.serve(call.reply, 'hit', entry.value, entry);
    if (entry && now < entry.staleUntil) {
      this.flights.run(call.key, () => this.load(call)).result.catch((error: unknown) => this.refreshFailed(call.key, error));
      return this.serve(call.reply, 'stale', entry.value, entry);
    }
    try {
      const { leader, result } = this.flights.run(call.key, () => this.load(call));
      const loaded = await result;
      if (leader || loaded.shareable) return this.serve(call.reply, 'miss', loaded.value);
      // The answer another request got is not for this one (private, no-store): ask for our own.
      return this.serve(call.reply, 'miss', await lastValueFrom(call.next.handle(), { defaultValue: undefined }));
    } catch (error) {
      if (entry && now < entry.errorUntil && isServerFailure(error)) return this.serve(call.reply, 'stale', entry.value, entry);
      throw error;
    }
  }

  /** Calls the handler and stores its answer when allowed. */
  private async load(call: Call): Promise<Loaded> {
    const value = await lastValueFrom(call.next.handle(), { defaultValue: undefined });
    const ttlMs = this.isStorable(value, call);
    if (ttlMs === undefined) {
      // e.g. the upstream now says no-store: the old entry must not be served stale any more.
      if (call.replaces) await this.store.delete(call.key);
      return { value, shareable: false };
    }
    const storedAt = Date.now();
    const entry: CacheEntry = {
      value,
      storedAt,
      freshUntil: storedAt + ttlMs,
      staleUntil: storedAt + ttlMs + call.policy.staleWhileRevalidateMs,
      errorUntil: storedAt + ttlMs + call.policy.staleIfErrorMs,
    };
    await this.store.set(call.key, entry, ttlMs + Math.max(call.policy.staleWhileRevalidateMs, call.policy.staleIfErrorMs));
    return { value, shareable: true };
  }

  private serve(reply: FastifyReply, result: CacheResult, value: unknown, entry?: CacheEntry): unknown {
    this.metrics.count(result);
    if (!reply.sent) {
      void reply.header('x-cache', result.toUpperCase());
      if (entry) void reply.header('age', String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))));
    }
    return value;
  }

  private refreshFailed(key: string, error: unknown): void {
    this.logger.debug(`Background refresh of ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
