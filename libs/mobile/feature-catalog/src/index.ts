export { MobileFeatureCatalogModule } from './lib/mobile-feature-catalog.module';
