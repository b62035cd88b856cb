import { upstreamPathOf } from '@bff/gateway-edge';
import { USERS_V2_ROUTE } from './users-v2.route';

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
