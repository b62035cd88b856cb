export { ClientAddressResolver } from './lib/client-address';
export { requestIdOf } from './lib/request-id';
