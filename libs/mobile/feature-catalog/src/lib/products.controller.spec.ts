import { Test } from '@nestjs/testing';
import type { FastifyRequest } from 'fastify';
import type { Product } from '@bff/contracts';
import { CacheInterceptor } from '@bff/gateway-caching';
import { sampleProduct } from '@bff/gateway-testing';
import { JsonClient } from '@bff/gateway-upstream';
import { ProductsController } from './products.controller';

class RecordingJsonClient {
  readonly paths: string[] = [];

  async get(service: string, path: string): Promise<Product> {
    this.paths.push(`${service} ${path}`);
    return sampleProduct({ id: 'p/1', description: 'long' });
  }
}

describe('mobile ProductsController', () => {
  it('answers the compact product, asking the products service with the id encoded', async () => {
    const json = new RecordingJsonClient();
    const moduleRef = await Test.createTestingModule({ controllers: [ProductsController], providers: [JsonClient] })
      .overrideProvider(JsonClient)
      .useValue(json)
      // The handler alone: caching is the caching lib's to test.
      .overrideInterceptor(CacheInterceptor)
      .useValue({ intercept: (_: unknown, next: { handle: () => unknown }) => next.handle() })
      .compile();
    const product = await moduleRef.get(ProductsController).product('p/1', {} as FastifyRequest);
    expect(json.paths).toEqual(['products /products/p%2F1']);
    expect(product).toEqual({ id: 'p/1', name: 'Kettle', price: 39.9, currency: 'EUR', imageUrl: 'https://img.example.com/p-1.jpg?w=640' });
  });
});
