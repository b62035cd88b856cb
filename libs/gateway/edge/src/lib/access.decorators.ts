import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link IpFilter}. */
export const IP_FILTER = 'bff:ipFilter';

/** Which client addresses may use a route: CIDRs or single addresses. */
export interface IpFilterRule {
  /** When set, only these may use the route. */
  allow?: readonly string[];
  /** These never may (checked first). */
  deny?: readonly string[];
}

/**
 * Limits a route or controller to client addresses (as resolved with `TRUSTED_PROXIES`); others
 * get 403 before authentication.
 *
 * @example
 * @IpFilter({ allow: ['10.0.0.0/8'] })
 * @Get('internal')
 * internal() { ... }
 */
export const IpFilter = (rule: IpFilterRule): MethodDecorator & ClassDecorator => SetMetadata(IP_FILTER, rule);
