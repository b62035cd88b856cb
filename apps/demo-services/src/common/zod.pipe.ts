import { BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/** Validates a body or query with a zod schema; failures become 400 with every issue in `message`. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<
  unknown,
  z.output<T>
> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new BadRequestException(
        result.error.issues
          .map((issue) =>
            issue.path.length
              ? `${issue.path.join('.')}: ${issue.message}`
              : issue.message,
          )
          .join('; '),
      );
    }
    return result.data;
  }
}
