export * from './lib/gateway-throttling.module';
