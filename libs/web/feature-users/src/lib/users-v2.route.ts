import { PassThroughRoute } from '@bff/gateway-edge';

/** `ANY /api/v2/users/<rest>`: relayed to the users service as `/users/<rest>`, query and body unchanged. */
export const USERS_V2_ROUTE: PassThroughRoute = { prefix: '/api/v2/users', service: 'users', rewrite: '/users', auth: 'user' };
