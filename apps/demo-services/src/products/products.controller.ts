import { Page, Product, RecommendationList } from '@bff/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ZodPipe } from '../common/zod.pipe';
import {
  ListProductsQuery,
  listProductsQuery,
  RecommendationsQuery,
  recommendationsQuery,
} from './products.schemas';
import { ProductsService } from './products.service';

/** Catalog lookups and per-user recommendations. */
@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get('products')
  list(
    @Query(new ZodPipe(listProductsQuery)) query: ListProductsQuery,
  ): Page<Product> {
    return this.products.list(query);
  }

  @Get('products/:id')
  get(@Param('id') id: string): Product {
    return this.products.get(id);
  }

  @Get('recommendations')
  recommendations(
    @Query(new ZodPipe(recommendationsQuery)) query: RecommendationsQuery,
  ): RecommendationList {
    return this.products.recommend(query.userId, query.limit);
  }
}
