import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

/** One line of a new order. */
export class CreateOrderItemDto {
  /** Catalogue id of the product, e.g. `p-1`. */
  @ApiProperty({ example: 'p-1', pattern: '^[A-Za-z0-9_-]{1,64}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'productId must be a product id' })
  productId!: string;

  /** How many, 1 to 99. */
  @ApiProperty({ minimum: 1, maximum: 99, example: 2 })
  @IsInt()
  @Min(1)
  @Max(99)
  quantity!: number;
}

/** Body of `POST /api/v1/orders`: the order is placed for the signed-in user. */
export class CreateOrderDto {
  /** 1 to 50 lines. */
  @ApiProperty({ type: [CreateOrderItemDto], minItems: 1, maxItems: 50 })
  @ValidateNested({ each: true })
  @Type(() => CreateOrderItemDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  items!: CreateOrderItemDto[];
}
