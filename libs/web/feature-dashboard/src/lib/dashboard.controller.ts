import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { CursorPage, Order, Page, Product, RecommendationList, Stock, User } from '@bff/contracts';
import { Aggregator } from '@bff/gateway-aggregation';
import { RequestWithIdentity } from '@bff/gateway-auth';
import { openApiSchemaOf } from '@bff/gateway-edge';
import { InventoryClient, JsonClient } from '@bff/gateway-upstream';
import { DashboardView, dashboardViewSchema, toDashboardView } from './dashboard.view';

const RECENT_ORDERS = 5;
const RECOMMENDATIONS = 5;

/** `GET /api/v1/dashboard`: the signed-in user's home, composed from users, orders, products and inventory. */
@ApiTags('dashboard')
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(
    private readonly aggregator: Aggregator,
    private readonly json: JsonClient,
    private readonly inventory: InventoryClient,
  ) {}

  /**
   * The user part is required (502/504 without it); orders, recommendations, their products and
   * stock are optional and listed in `meta.degraded` when they fail. Products wait for orders and
   * recommendations, stock waits for recommendations.
   */
  @Get()
  @ApiOkResponse({ schema: openApiSchemaOf(dashboardViewSchema) })
  async dashboard(@Req() request: FastifyRequest): Promise<DashboardView> {
    const identity = (request as RequestWithIdentity).identity;
    const id = encodeURIComponent(identity?.sub ?? '');
    const scope = this.aggregator.begin(request);
    const user = scope.required('user', () => this.json.get<User>('users', `/users/${id}`, request));
    const orders = scope.optional(
      'orders',
      async () => (await this.json.get<CursorPage<Order>>('orders', `/orders?userId=${id}&limit=${RECENT_ORDERS}`, request)).items,
      [],
    );
    const recommendations = scope.optional(
      'recommendations',
      async () =>
        (await this.json.get<RecommendationList>('products', `/recommendations?userId=${id}&limit=${RECOMMENDATIONS}`, request))
          .items,
      [],
    );
    const products = scope.optional(
      'products',
      async () => {
        const ids = new Set([
          ...(await orders).flatMap((order) => order.items.map((item) => item.productId)),
          ...(await recommendations).map((recommendation) => recommendation.productId),
        ]);
        if (ids.size === 0) return new Map<string, Product>();
        const query = [...ids].map(encodeURIComponent).join(',');
        const page = await this.json.get<Page<Product>>('products', `/products?ids=${query}`, request);
        return new Map(page.items.map((product) => [product.id, product]));
      },
      new Map<string, Product>(),
    );
    const stock = scope.optional(
      'stock',
      async () => this.inventory.stockOf((await recommendations).map((recommendation) => recommendation.productId), request),
      new Map<string, Stock>(),
    );
    const { degraded } = await scope.settle();
    return toDashboardView({
      user: await user,
      orders: await orders,
      recommendations: await recommendations,
      products: await products,
      stock: await stock,
      degraded,
      roles: identity?.roles ?? [],
    });
  }
}
