import type { Product } from '@bff/contracts';
import { toCompactProduct } from './compact-product';

describe('toCompactProduct', () => {
  const product: Product = {
    id: 'p-1',
    name: 'Kettle',
    description: 'A long description a phone does not show',
    price: 39.9,
    currency: 'EUR',
    category: 'kitchen',
    imageUrl: 'https://img.example.com/p-1.jpg',
  };

  it('keeps only what a phone shows, with a phone-sized image', () => {
    expect(toCompactProduct(product)).toEqual({
      id: 'p-1',
      name: 'Kettle',
      price: 39.9,
      currency: 'EUR',
      imageUrl: 'https://img.example.com/p-1.jpg?w=640',
    });
  });

  it('replaces a width already in the image URL', () => {
    expect(toCompactProduct({ ...product, imageUrl: 'https://img.example.com/p-1.jpg?w=2000&q=80' }).imageUrl).toBe(
      'https://img.example.com/p-1.jpg?w=640&q=80',
    );
  });
});
