export * from './lib/gateway-upstream.module';
