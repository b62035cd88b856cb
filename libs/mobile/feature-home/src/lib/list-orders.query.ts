import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageLimit } from '@bff/gateway-edge';
import { IsOptional, Matches } from 'class-validator';

/** Query of the mobile `GET /api/v1/orders`. */
export class ListOrdersQuery {
  /** The `nextCursor` of the previous page; opaque. */
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;

  /** Page size, 1 to 50 (default 10). */
  @PageLimit(50, 10)
  limit = 10;
}
