export { LruMap } from './lib/lru-map';
