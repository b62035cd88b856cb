export { AdminFeatureStatusModule } from './lib/admin-feature-status.module';
export { SERVICES_API, STATUS_PATH } from './lib/status.page';
