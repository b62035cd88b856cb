import { describeBffContract } from '@bff/gateway-testing';

describeBffContract({ app: 'admin-bff', requiredUpstreams: ['UPSTREAM_USERS', 'UPSTREAM_ORDERS'] });
