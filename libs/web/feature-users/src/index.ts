export { WebFeatureUsersModule } from './lib/web-feature-users.module';
