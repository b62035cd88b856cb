export { DASHBOARD_USER_PROJECTION, DashboardView, dashboardViewSchema, toDashboardView } from './lib/dashboard.view';
export { WebFeatureDashboardModule } from './lib/web-feature-dashboard.module';
