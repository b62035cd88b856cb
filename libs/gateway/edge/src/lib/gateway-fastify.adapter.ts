import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { RouteHandlerMethod } from 'fastify';

/** The metadata key `@RouteConfig()` writes (not exported by `@nestjs/platform-fastify`). */
const ROUTE_CONFIG_METADATA = '__fastify_route_config__';

/**
 * Nest's Fastify adapter, except that `@All()` routes keep their `@RouteConfig()`: the stock
 * adapter drops it for `@All()`, and pass-through routes depend on it to receive the body unparsed.
 */
export class GatewayFastifyAdapter extends FastifyAdapter {
  override all(...args: unknown[]): unknown {
    const [path, handler] = args;
    const config: Record<string, unknown> | undefined =
      typeof handler === 'function' ? Reflect.getMetadata(ROUTE_CONFIG_METADATA, handler) : undefined;
    if (typeof path !== 'string' || config === undefined) return super.all(...args);
    const fastify = this.getInstance();
    return fastify.route({ method: fastify.supportedMethods, url: path, handler: handler as RouteHandlerMethod, config });
  }
}
