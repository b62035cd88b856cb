import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { CursorPage, Order, Page, Product, RecommendationList, Stock, User } from '@bff/contracts';
import { Aggregator } from '@bff/gateway-aggregation';
import { RequestWithIdentity } from '@bff/gateway-auth';
import { openApiSchemaOf } from '@bff/gateway-edge';
import { InventoryClient, JsonClient } from '@bff/gateway-upstream';
import { applyFieldset, Fieldset, parseFieldset, UnknownFieldError } from '@bff/mobile-util-view';
import { HOME_FIELDS, HomeView, homeViewSchema, toHomeView } from './home.view';

const LAST_ORDERS = 3;
const RECOMMENDATIONS = 4;

function fieldsetOf(fields: string | undefined): Fieldset | undefined {
  if (fields === undefined) return undefined;
  try {
    return parseFieldset(fields, HOME_FIELDS);
  } catch (error) {
    if (!(error instanceof UnknownFieldError)) throw error;
    throw new BadRequestException({ detail: `Unknown field in fields: ${error.field}.`, errors: [{ field: 'fields', messages: [error.message] }] });
  }
}

/** `GET /api/v1/home?fields=`: the phone's home screen. */
@ApiTags('home')
@Controller('api/v1/home')
export class HomeController {
  constructor(
    private readonly aggregator: Aggregator,
    private readonly json: JsonClient,
    private readonly inventory: InventoryClient,
  ) {}

  /**
   * The user part is required; last orders, recommended products and their stock are optional
   * (listed in `meta.degraded`). `fields` narrows the answer (unknown names: 400); sections left
   * out are not fetched.
   */
  @Get()
  @ApiQuery({ name: 'fields', required: false, example: 'user.name,recommendations.name,recommendations.price' })
  @ApiOkResponse({ schema: openApiSchemaOf(homeViewSchema) })
  async home(@Query('fields') fields: string | undefined, @Req() request: FastifyRequest): Promise<Partial<HomeView>> {
    const fieldset = fieldsetOf(typeof fields === 'string' ? fields : undefined);
    const wants = (section: string) => !fieldset || fieldset.has(section);
    const id = encodeURIComponent((request as RequestWithIdentity).identity?.sub ?? '');
    const scope = this.aggregator.begin(request);
    const user = scope.required('user', () => this.json.get<User>('users', `/users/${id}`, request));
    const orders = wants('orders')
      ? scope.optional(
          'orders',
          async () => (await this.json.get<CursorPage<Order>>('orders', `/orders?userId=${id}&limit=${LAST_ORDERS}`, request)).items,
          [],
        )
      : Promise.resolve([]);
    const products = wants('recommendations')
      ? scope.optional(
          'recommendations',
          async () => {
            const list = await this.json.get<RecommendationList>('products', `/recommendations?userId=${id}&limit=${RECOMMENDATIONS}`, request);
            if (list.items.length === 0) return [];
            const ids = list.items.map((item) => encodeURIComponent(item.productId)).join(',');
            return (await this.json.get<Page<Product>>('products', `/products?ids=${ids}`, request)).items;
          },
          [] as Product[],
        )
      : Promise.resolve([]);
    const stock = wants('recommendations')
      ? scope.optional(
          'stock',
          async () => this.inventory.stockOf((await products).map((product) => product.id), request),
          new Map<string, Stock>(),
        )
      : Promise.resolve(new Map<string, Stock>());
    const { degraded } = await scope.settle();
    const view = toHomeView({ user: await user, orders: await orders, products: await products, stock: await stock, degraded });
    return fieldset ? applyFieldset(view, fieldset) : view;
  }
}
