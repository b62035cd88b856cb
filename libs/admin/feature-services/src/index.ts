export { AdminController, OrderWithUser, ServiceView } from './lib/admin.controller';
export { AdminFeatureServicesModule } from './lib/admin-feature-services.module';
