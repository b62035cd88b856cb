import { describeBffContract } from '@bff/gateway-testing';

describeBffContract({ app: 'web-bff', requiredUpstreams: ['UPSTREAM_USERS'] });
