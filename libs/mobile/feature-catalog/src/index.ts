export { CompactProduct, toCompactProduct } from './lib/compact-product';
export { MobileFeatureCatalogModule } from './lib/mobile-feature-catalog.module';
