import type { Reflector } from '@nestjs/core';

/** A route as `Reflector` reads it: its handler, then its controller class. */
export type RouteTargets = Parameters<Reflector['getAllAndOverride']>[1];

/**
 * What a guard reads from a route's metadata, worked out once per route (handler and controller
 * class) and kept: the metadata never changes after start, and reading it through Nest's
 * `Reflector` walks each target's prototype chain on every request.
 *
 * @example
 * this.isPublic = new RouteMemo((route) => reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, route) === true);
 * // in canActivate:
 * if (this.isPublic.of(context.getHandler(), context.getClass())) return true;
 */
export class RouteMemo<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, { value: T }>>();

  constructor(private readonly compute: (route: RouteTargets) => T) {}

  /** The value of the route `handler` of `type`, computed on its first request. */
  of(handler: object, type: object): T {
    let byHandler = this.byClass.get(type);
    if (!byHandler) this.byClass.set(type, (byHandler = new WeakMap()));
    let kept = byHandler.get(handler);
    if (!kept) byHandler.set(handler, (kept = { value: this.compute([handler, type] as RouteTargets) }));
    return kept.value;
  }
}
