import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { FieldError, validationPipe } from '@bff/gateway-edge';
import { CreateOrderDto } from './create-order.dto';

async function invalidFields(body: unknown): Promise<string[]> {
  try {
    await validationPipe().transform(body, { type: 'body', metatype: CreateOrderDto });
    return [];
  } catch (error) {
    const response = (error as BadRequestException).getResponse() as { errors: FieldError[] };
    return response.errors.map((fieldError) => fieldError.field);
  }
}

describe('CreateOrderDto through the edge validation pipe', () => {
  it('accepts items of product ids and quantities', async () => {
    expect(await invalidFields({ items: [{ productId: 'p-1', quantity: 2 }] })).toEqual([]);
  });

  it.each([
    [{}, ['items']],
    [{ items: [] }, ['items']],
    [{ items: [{ productId: 'p 1', quantity: 1.5 }] }, ['items.0.productId', 'items.0.quantity']],
    [{ items: [{ productId: 'p-1', quantity: 1 }], userId: 'u-2' }, ['userId']],
  ])('lists the invalid fields of %j', async (body, fields) => {
    expect(await invalidFields(body)).toEqual(fields);
  });
});
