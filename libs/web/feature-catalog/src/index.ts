export { CatalogProduct, catalogProductSchema, ProductListView, productListViewSchema, ProductView, productViewSchema } from './lib/catalog.view';
export { ListProductsQuery } from './lib/list-products.query';
export { WebFeatureCatalogModule } from './lib/web-feature-catalog.module';
