import { applyDecorators, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** One invalid field of a request, as listed in a 400 problem's `errors`. */
export interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The pipe that validates every body and query DTO (class-validator): unknown fields refused,
 * values converted to their declared types, and a 400 problem listing each invalid field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ detail: 'The request has invalid fields.', errors: flatten(errors) }),
  });
}

/**
 * A page-size query field: optional, an integer from 1 to `max` (a query string's text converted),
 * documented in OpenAPI with its bounds and `fallback`, which the property's initialiser must match.
 *
 * @example
 * @PageLimit(50, 20)
 * limit = 20;
 */
export function PageLimit(max: number, fallback: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}
