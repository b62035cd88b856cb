import { DynamicModule, Module } from '@nestjs/common';
import { JsonClient } from './json.client';
import { PassThroughProxy } from './pass-through.proxy';
import { UpstreamClient } from './upstream.client';
import { UPSTREAM_OPTIONS, UpstreamOptions } from './upstream.options';

/**
 * The upstream layer of one BFF: {@link UpstreamClient} for calls a handler composes and
 * {@link PassThroughProxy} for relayed routes, {@link JsonClient} for JSON calls. Needs the discovery and observability modules.
 *
 * @example
 * UpstreamModule.forRoot({ client: 'web', timeoutMs: config.upstreamTimeoutMs })
 */
@Module({})
export class UpstreamModule {
  static forRoot(options: UpstreamOptions): DynamicModule {
    return {
      module: UpstreamModule,
      global: true,
      providers: [{ provide: UPSTREAM_OPTIONS, useValue: options }, UpstreamClient, PassThroughProxy, JsonClient],
      exports: [UpstreamClient, PassThroughProxy, JsonClient],
    };
  }
}
