import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Page, Product, Stock } from '@bff/contracts';
import { Aggregator } from '@bff/gateway-aggregation';
import { Public } from '@bff/gateway-auth';
import { CacheRoute } from '@bff/gateway-caching';
import { openApiSchemaOf } from '@bff/gateway-edge';
import { InventoryClient, JsonClient } from '@bff/gateway-upstream';
import { ProductListView, productListViewSchema, ProductView, productViewSchema, toCatalogProduct } from './catalog.view';
import { ListProductsQuery } from './list-products.query';

/** Catalogue answers are fresh for 30 s, served stale while refreshed for a minute more, and for 5 min while products fail. */
const CATALOGUE_CACHE = { ttl: '30s', staleWhileRevalidate: '60s', staleIfError: '5m' };

/** The public web catalogue: products (required) with their availability from inventory (optional). */
@ApiTags('catalogue')
@Controller('api/v1/products')
export class CatalogController {
  constructor(
    private readonly aggregator: Aggregator,
    private readonly json: JsonClient,
    private readonly inventory: InventoryClient,
  ) {}

  /** `GET /api/v1/products?category=&limit=&offset=`: cached, as a degraded page never is. */
  @Public()
  @Get()
  @CacheRoute(CATALOGUE_CACHE)
  @ApiOkResponse({ schema: openApiSchemaOf(productListViewSchema) })
  async list(@Query() query: ListProductsQuery, @Req() request: FastifyRequest): Promise<ProductListView> {
    const search = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) });
    if (query.category) search.set('category', query.category);
    const scope = this.aggregator.begin(request);
    const page = scope.required('products', () => this.json.get<Page<Product>>('products', `/products?${search}`, request));
    const stock = scope.optional(
      'stock',
      async () => this.inventory.stockOf((await page).items.map((product) => product.id), request),
      new Map<string, Stock>(),
    );
    const meta = await scope.settle();
    const levels = await stock;
    const { items, total } = await page;
    return { items: items.map((product) => toCatalogProduct(product, levels.get(product.id))), total, meta };
  }

  /** `GET /api/v1/products/:id`: cached like the list. */
  @Public()
  @Get(':id')
  @CacheRoute(CATALOGUE_CACHE)
  @ApiOkResponse({ schema: openApiSchemaOf(productViewSchema) })
  async product(@Param('id') id: string, @Req() request: FastifyRequest): Promise<ProductView> {
    const scope = this.aggregator.begin(request);
    const product = scope.required('product', () => this.json.get<Product>('products', `/products/${encodeURIComponent(id)}`, request));
    const stock = scope.optional('stock', () => this.inventory.stockOf([id], request), new Map<string, Stock>());
    const meta = await scope.settle();
    return { ...toCatalogProduct(await product, (await stock).get(id)), meta };
  }
}
