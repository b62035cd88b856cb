export * from './lib/gateway-interceptors.module';
