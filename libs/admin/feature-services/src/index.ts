export { AdminController, OrderWithUser } from './lib/admin.controller';
export { AdminFeatureServicesModule } from './lib/admin-feature-services.module';
