import { describeBffContract } from '@bff/gateway-testing';

describeBffContract({ app: 'mobile-bff', requiredUpstreams: ['UPSTREAM_PRODUCTS'] });
