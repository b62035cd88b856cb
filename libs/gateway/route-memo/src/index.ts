export { RouteMemo } from './lib/route-memo';
