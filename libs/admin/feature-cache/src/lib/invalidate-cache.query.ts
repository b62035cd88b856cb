import { IsNotEmpty, IsString } from 'class-validator';

/** Query of `DELETE /api/v1/admin/cache`. */
export class InvalidateCacheQuery {
  /** A path prefix (`/api/v1/products`, every BFF) or a key prefix (`bff:cache:mobile:`). */
  @IsString()
  @IsNotEmpty()
  prefix!: string;
}
