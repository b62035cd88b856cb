export * from './lib/gateway-observability.module';
