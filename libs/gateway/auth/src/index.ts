export * from './lib/gateway-auth.module';
