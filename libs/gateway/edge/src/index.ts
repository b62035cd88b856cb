export * from './lib/gateway-edge.module';
