export * from './lib/gateway-testing.module';
