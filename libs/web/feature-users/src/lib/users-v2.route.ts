import { PassThroughRoute } from '@bff/gateway-edge';

/** `ANY /api/v2/users/<rest>`: relayed to the users service as `/users/<rest>`, query and body unchanged. */
export const USERS_V2_ROUTE: PassThroughRoute = { prefix: '/api/v2/users', service: 'users', rewrite: '/users', auth: 'user' };

/** Body limit of user files: bodies stream through, so a large limit costs no memory. */
const FILES_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * `ANY /api/v2/files/<user>/<rest>`: uploads and downloads of up to 64 MiB, relayed to the users
 * service as `/files/<user>/<rest>`.
 */
export const USER_FILES_ROUTE: PassThroughRoute = { prefix: '/api/v2/files', service: 'users', rewrite: '/files', auth: 'user', bodyLimit: FILES_BODY_LIMIT };
