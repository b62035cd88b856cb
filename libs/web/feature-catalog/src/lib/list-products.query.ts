import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageLimit } from '@bff/gateway-edge';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Query of `GET /api/v1/products`. */
export class ListProductsQuery {
  /** Only products of this category. */
  @ApiPropertyOptional({ example: 'kitchen' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be a category name' })
  category?: string;

  /** Page size, 1 to 50 (default 20). */
  @PageLimit(50, 20)
  limit = 20;

  /** Products to skip. */
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}
