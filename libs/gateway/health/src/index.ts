export * from './lib/gateway-health.module';
