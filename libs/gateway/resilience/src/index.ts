export * from './lib/gateway-resilience.module';
