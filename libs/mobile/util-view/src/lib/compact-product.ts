import type { Product } from '@bff/contracts';

/** A product as a phone shows it in a list or card. */
export interface CompactProduct {
  id: string;
  name: string;
  price: number;
  currency: string;
  /** Image sized for phone screens. */
  imageUrl: string;
}

/** Width of product images on phones, in CSS pixels at 2x density. */
export const PHONE_IMAGE_WIDTH = 640;

/** Shapes a product for the mobile client: no description or category, a phone-sized image. */
export function toCompactProduct(product: Product): CompactProduct {
  const image = new URL(product.imageUrl);
  image.searchParams.set('w', String(PHONE_IMAGE_WIDTH));
  return { id: product.id, name: product.name, price: product.price, currency: product.currency, imageUrl: image.toString() };
}
