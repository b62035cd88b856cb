export * from './lib/gateway-discovery.module';
