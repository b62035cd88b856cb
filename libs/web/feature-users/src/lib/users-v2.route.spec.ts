import { upstreamPathOf } from '@bff/gateway-edge';
import { USER_FILES_ROUTE, USERS_V2_ROUTE } from './users-v2.route';

describe('USERS_V2_ROUTE', () => {
  it('needs a signed-in user and goes to the users service', () => {
    expect(USERS_V2_ROUTE).toMatchObject({ service: 'users', auth: 'user' });
    expect(USERS_V2_ROUTE.methods).toBeUndefined();
  });

  it.each([
    ['/api/v2/users/u-1/x?q=1', '/users/u-1/x?q=1'],
    ['/api/v2/users?limit=2', '/users?limit=2'],
    ['/api/v2/users', '/users'],
    ['/api/v2/users/u-1?next=/api/v2/users/u-2', '/users/u-1?next=/api/v2/users/u-2'],
  ])('relays %s to the users service as %s', (url, path) => {
    expect(upstreamPathOf(USERS_V2_ROUTE, url)).toBe(path);
  });
});

describe('USER_FILES_ROUTE', () => {
  it('needs a signed-in user, allows bodies far over the default 1 MiB, and goes to the users service', () => {
    expect(USER_FILES_ROUTE).toMatchObject({ service: 'users', auth: 'user' });
    expect(USER_FILES_ROUTE.bodyLimit).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(upstreamPathOf(USER_FILES_ROUTE, '/api/v2/files/u-1/f-1?v=2')).toBe('/files/u-1/f-1?v=2');
  });
});
