import { CallHandler } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { lastValueFrom, Observable, of } from 'rxjs';
import { RenameFieldsInterceptor, renameFields } from './rename-fields.interceptor';

describe('renameFields', () => {
  it('renames keys at every depth and keeps the rest', () => {
    expect(
      renameFields({ username: 'ada', items: [{ username: 'b', n: 1 }], nested: { username: null }, other: 'username' }, { username: 'user_name' }),
    ).toEqual({ user_name: 'ada', items: [{ user_name: 'b', n: 1 }], nested: { user_name: null }, other: 'username' });
  });

  it('leaves scalars, null and buffers alone and ignores inherited names', () => {
    expect(renameFields('x', { x: 'y' })).toBe('x');
    expect(renameFields(null, { x: 'y' })).toBeNull();
    const buffer = Buffer.from('{}');
    expect(renameFields(buffer, { x: 'y' })).toBe(buffer);
    expect(renameFields({ toString: 1 }, {})).toEqual({ toString: 1 });
  });
});

describe('RenameFieldsInterceptor', () => {
  it('renames the request body to the service names and the answer to the client names', async () => {
    const Interceptor = RenameFieldsInterceptor({ username: 'user_name' });
    const request = { body: { user_name: 'grace', name: 'Grace' } as unknown };
    const context = new ExecutionContextHost([request, {}]);
    context.setType('http');
    let seenByHandler: unknown;
    const next: CallHandler = {
      handle: () => {
        seenByHandler = request.body;
        return of({ id: 'u-9', username: 'grace' });
      },
    };
    const answer = await lastValueFrom(new Interceptor().intercept(context, next) as Observable<unknown>);
    expect(seenByHandler).toEqual({ username: 'grace', name: 'Grace' });
    expect(answer).toEqual({ id: 'u-9', user_name: 'grace' });
  });
});
