import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import { map, Observable } from 'rxjs';

/**
 * A copy of `value` with object keys renamed by `names` at every depth (arrays and nested objects
 * included); other keys and values are kept as they are.
 */
export function renameFields(value: unknown, names: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameFields(item, names));
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return value;
  const renamed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    renamed[Object.hasOwn(names, key) ? names[key] : key] = renameFields(field, names);
  }
  return renamed;
}

/**
 * An interceptor class that reshapes one route for a client version: the JSON request body is
 * renamed from the client's names to the service's before the handler runs, and the handler's
 * answer from the service's names to the client's. Declare it per route.
 *
 * @param toClient service field name -> client field name
 * @example
 * @UseInterceptors(RenameFieldsInterceptor({ username: 'user_name' }))
 */
export function RenameFieldsInterceptor(toClient: Readonly<Record<string, string>>): Type<NestInterceptor> {
  const toService = Object.fromEntries(Object.entries(toClient).map(([service, client]) => [client, service]));

  @Injectable()
  class RenameFields implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const request = context.switchToHttp().getRequest<{ body?: unknown }>();
      request.body = renameFields(request.body, toService);
      return next.handle().pipe(map((answer: unknown) => renameFields(answer, toClient)));
    }
  }
  return mixin(RenameFields);
}
