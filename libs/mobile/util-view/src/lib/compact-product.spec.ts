import { sampleProduct } from '@bff/gateway-testing';
import { toCompactProduct } from './compact-product';

describe('toCompactProduct', () => {
  const product = sampleProduct({ description: 'A long description a phone does not show' });

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
