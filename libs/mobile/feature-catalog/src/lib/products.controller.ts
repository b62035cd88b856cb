import { Controller, Get, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Product } from '@bff/contracts';
import { Public } from '@bff/gateway-auth';
import { CacheRoute } from '@bff/gateway-caching';
import { JsonClient } from '@bff/gateway-upstream';
import { CompactProduct, toCompactProduct } from '@bff/mobile-util-view';

/** The mobile catalogue. */
@Controller('api/v1/products')
export class ProductsController {
  constructor(private readonly json: JsonClient) {}

  /** `GET /api/v1/products/:id`: a compact product, public, cached and shared by every caller. */
  @Public()
  @CacheRoute({ ttl: '30s', staleWhileRevalidate: '60s', staleIfError: '5m' })
  @Get(':id')
  async product(@Param('id') id: string, @Req() request: FastifyRequest): Promise<CompactProduct> {
    return toCompactProduct(await this.json.get<Product>('products', `/products/${encodeURIComponent(id)}`, request));
  }
}
