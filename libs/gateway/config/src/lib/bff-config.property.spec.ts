import fc from 'fast-check';
import { ConfigError, loadBffConfig } from './bff-config';

const VARIABLES = [
  'NODE_ENV', 'HOST', 'PORT', 'MANAGEMENT_PORT', 'LOG_LEVEL', 'UPSTREAM_USERS', 'UPSTREAM_ORDERS', 'UPSTREAM_PRODUCTS',
  'UPSTREAM_INVENTORY', 'DISCOVERY', 'REDIS_URL', 'NATS_URL', 'JWT_SECRET', 'JWT_JWKS_URI', 'JWT_ISSUER', 'JWT_AUDIENCE',
  'RATE_LIMIT', 'RATE_LIMIT_FAIL', 'TRUSTED_PROXIES', 'UPSTREAM_TIMEOUT_MS', 'BREAKER_VOLUME', 'BREAKER_ERROR_PERCENT',
  'BREAKER_RESET_MS', 'CORS_ORIGINS', 'SESSION_COOKIE', 'USER_AGENT_DENY', 'USER_AGENT_ALLOW', 'SHUTDOWN_DELAY_MS',
  'SHUTDOWN_GRACE_MS', 'LOAD_SHED_IN_FLIGHT', 'LOAD_SHED_LAG_MS', 'UPSTREAM_MAX_IN_FLIGHT', 'CANARY', 'RATE_LIMIT_TIERS', 'API_KEYS',
  'DISCOVERY_INTERVAL', 'DISCOVERY_DNS_SERVER', 'DISCOVERY_DNS_DOMAIN', 'EVENTS_TCP',
];

/** Values near the edges of what each variable accepts, and plain garbage. */
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '65536', '1e3', '0x10', 'NaN', '100/0s', '5/1x', 'http://', 'redis://', '10.0.0.0/33', '::1/129', 'http://a:1,,http://b:2', 'production'),
  fc.integer().map(String),
);

describe('loadBffConfig under arbitrary environments', () => {
  it('either loads or throws one ConfigError line naming a variable, never anything else', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VARIABLES), value, { maxKeys: 6 }), (env) => {
        try {
          const config = loadBffConfig(env, { client: 'web', port: 3000, managementPort: 9100 });
          expect(config.port).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          const message = (error as ConfigError).message;
          expect(message).not.toMatch(/[\r\n]/);
          expect(message).toMatch(/^(Invalid environment variable [A-Z_]+[=:]|[A-Z_]+=\S+ requires )/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
