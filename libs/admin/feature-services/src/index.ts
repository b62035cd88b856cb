export * from './lib/admin-feature-services.module';
