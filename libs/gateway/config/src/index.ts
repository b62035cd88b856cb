export * from './lib/gateway-config.module';
