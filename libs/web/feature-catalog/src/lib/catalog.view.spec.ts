import { sampleProduct } from '@bff/gateway-testing';
import { catalogProductSchema, productViewSchema, toCatalogProduct } from './catalog.view';

const kettle = sampleProduct();

describe('toCatalogProduct (the web catalogue contract)', () => {
  it('adds availability from the stock level and matches its schema', () => {
    const product = toCatalogProduct(kettle, { productId: 'p-1', available: 3, warehouse: 'AMS-1' });
    expect(product.availability).toEqual({ available: 3, inStock: true });
    expect(catalogProductSchema.parse(product)).toEqual(product);
    expect(productViewSchema.safeParse({ ...product, meta: { degraded: [] } }).success).toBe(true);
  });

  it('answers null availability when the stock is unknown', () => {
    expect(toCatalogProduct(kettle, undefined).availability).toBeNull();
  });
});
