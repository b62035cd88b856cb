export * from './lib/gateway-caching.module';
