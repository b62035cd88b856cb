export * from './lib/web-feature-users.module';
