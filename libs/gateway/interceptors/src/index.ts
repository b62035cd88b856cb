export { requestIdOf } from './lib/request-id';
