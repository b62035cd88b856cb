import { ConfigError, DEVELOPMENT_JWT_SECRET, loadBffConfig } from './bff-config';
import { parseDuration } from './env-parsers';

const defaults = { client: 'web' as const, port: 3000, managementPort: 9100 };

function errorOf(env: Record<string, string>): string {
  try {
    loadBffConfig(env, defaults);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadBffConfig', () => {
  it("accepts any lowercase kebab-case client, a generated BFF's own", () => {
    expect(loadBffConfig({}, { ...defaults, client: 'partner' }).client).toBe('partner');
    expect(loadBffConfig({}, { ...defaults, client: 'b2b-partner' }).client).toBe('b2b-partner');
  });

  it.each(['Partner', 'partner_api', '', '-web', 'web-'])('refuses the client name %j with a ConfigError', (client) => {
    expect(() => loadBffConfig({}, { ...defaults, client })).toThrow(ConfigError);
    expect(() => loadBffConfig({}, { ...defaults, client })).toThrow(/^Invalid client name .*: expected lowercase kebab-case/);
  });

  it('applies the contract defaults to an empty environment', () => {
    const config = loadBffConfig({}, defaults);
    expect(config).toMatchObject({
      client: 'web',
      production: false,
      host: '0.0.0.0',
      port: 3000,
      managementPort: 9100,
      inventory: '127.0.0.1:50051',
      eventsTcp: { host: '127.0.0.1', port: 4004 },
      rateLimit: { limit: 100, windowMs: 60_000, failMode: 'open', tiers: {}, apiKeys: [] },
      upstreamTimeoutMs: 3000,
      upstreamMaxInFlight: 256,
      breaker: { volume: 10, errorPercent: 50, resetMs: 10_000 },
      trustedProxies: [],
      corsOrigins: [],
      shutdown: { delayMs: 0, graceMs: 25_000 },
      loadShedding: { maxInFlight: 5000, maxLagMs: 500 },
    });
    expect(config.discovery).toEqual({
      source: 'static',
      services: {
        users: { kind: 'static', instances: [{ origin: 'http://127.0.0.1:4001' }] },
        orders: { kind: 'static', instances: [{ origin: 'http://127.0.0.1:4002' }] },
        products: { kind: 'static', instances: [{ origin: 'http://127.0.0.1:4003' }, { origin: 'http://127.0.0.1:4013' }] },
      },
      refreshMs: 5000,
      dnsServers: [],
    });
    expect(config.jwt).toMatchObject({ secret: DEVELOPMENT_JWT_SECRET, developmentSecret: true });
  });

  it('reads every variable it is given', () => {
    const config = loadBffConfig(
      {
        PORT: '8080',
        MANAGEMENT_PORT: '8081',
        UPSTREAM_USERS: 'http://a:1, http://b:2',
        RATE_LIMIT: '5/2s',
        RATE_LIMIT_FAIL: 'closed',
        TRUSTED_PROXIES: '10.0.0.0/8,::1',
        JWT_SECRET: 'x'.repeat(32),
        REDIS_URL: 'redis://127.0.0.1:6379',
        CORS_ORIGINS: 'https://app.example.com,http://localhost:5173',
        USER_AGENT_DENY: 'BadBot, sqlmap',
        SHUTDOWN_DELAY_MS: '5000',
        SHUTDOWN_GRACE_MS: '0',
        LOAD_SHED_IN_FLIGHT: '64',
        LOAD_SHED_LAG_MS: '200',
        UPSTREAM_MAX_IN_FLIGHT: '32',
        EVENTS_TCP: 'notifications.internal:7004',
      },
      defaults,
    );
    expect(config.port).toBe(8080);
    expect(config.upstreamMaxInFlight).toBe(32);
    expect(config.managementPort).toBe(8081);
    expect(config.discovery.services.users).toEqual({ kind: 'static', instances: [{ origin: 'http://a:1' }, { origin: 'http://b:2' }] });
    expect(config.rateLimit).toEqual({ limit: 5, windowMs: 2000, failMode: 'closed', tiers: {}, apiKeys: [] });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(config.jwt).toMatchObject({ secret: 'x'.repeat(32), developmentSecret: false });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.userAgentDeny).toEqual(['badbot', 'sqlmap']);
    expect(config.shutdown).toEqual({ delayMs: 5000, graceMs: 0 });
    expect(config.loadShedding).toEqual({ maxInFlight: 64, maxLagMs: 200 });
    expect(config.eventsTcp).toEqual({ host: 'notifications.internal', port: 7004 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc": expected an integer port 1-65535'],
    [{ PORT: '70000' }, 'PORT="70000"'],
    [{ UPSTREAM_USERS: 'ftp://x' }, 'UPSTREAM_USERS="ftp://x": expected a comma-separated list of http(s)://host:port'],
    [{ UPSTREAM_USERS: 'http://x:1/path' }, 'UPSTREAM_USERS'],
    [{ UPSTREAM_USERS: ' , ' }, 'UPSTREAM_USERS'],
    [{ UPSTREAM_PRODUCTS: 'http://a:1;weight=0' }, 'UPSTREAM_PRODUCTS="http://a:1;weight=0": expected weight=<integer 1-1000>, got "weight=0"'],
    [{ UPSTREAM_PRODUCTS: 'http://a:1;weight=1001' }, 'expected weight=<integer 1-1000>'],
    [{ UPSTREAM_PRODUCTS: 'http://a:1;version=v 2' }, 'expected version=<1-64 of A-Z a-z 0-9 . _ ->'],
    [{ UPSTREAM_PRODUCTS: 'http://a:1;colour=red' }, 'expected metadata weight, version or zone, got "colour"'],
    [{ UPSTREAM_PRODUCTS: 'http://a:1;zone' }, 'expected key=value metadata after the URL, got "zone"'],
    [{ UPSTREAM_PRODUCTS: 'http://a:1,dns://b:2' }, 'UPSTREAM_PRODUCTS'],
    [{ UPSTREAM_USERS: 'dns://users.svc' }, 'UPSTREAM_USERS="dns://users.svc": expected dns://<host>:<port 1-65535>'],
    [{ UPSTREAM_USERS: 'dns://users.svc:0' }, 'expected dns://<host>:<port 1-65535>'],
    [{ UPSTREAM_USERS: 'dns+srv://bad name' }, 'expected dns+srv://<dns name>'],
    [{ UPSTREAM_USERS: 'dns+srv://a/b' }, 'UPSTREAM_USERS'],
    [{ DISCOVERY: 'consul' }, 'DISCOVERY="consul": expected one of static, dns, redis'],
    [{ DISCOVERY_INTERVAL: '5' }, 'DISCOVERY_INTERVAL="5": expected a duration such as 500ms, 5s or 1m'],
    [{ DISCOVERY_DNS_SERVER: 'dns.example' }, 'DISCOVERY_DNS_SERVER="dns.example": expected a comma-separated list of DNS server addresses'],
    [{ DISCOVERY_DNS_SERVER: '127.0.0.1:70000' }, 'DISCOVERY_DNS_SERVER'],
    [{ DISCOVERY: 'redis' }, 'DISCOVERY=redis requires REDIS_URL'],
    [{ DISCOVERY: 'dns' }, 'DISCOVERY=dns requires DISCOVERY_DNS_DOMAIN (e.g. shop.svc.cluster.local) or UPSTREAM_USERS=dns+srv://<name>'],
    [{ DISCOVERY: 'dns', UPSTREAM_USERS: 'dns://u:1', UPSTREAM_ORDERS: 'http://o:2' }, 'UPSTREAM_PRODUCTS=dns+srv://<name>'],
    [{ RATE_LIMIT: '100' }, 'RATE_LIMIT="100": expected <count>/<window> such as 100/60s'],
    [{ RATE_LIMIT: '0/60s' }, 'RATE_LIMIT'],
    [{ RATE_LIMIT_FAIL: 'maybe' }, 'RATE_LIMIT_FAIL="maybe": expected one of open, closed'],
    [{ RATE_LIMIT_TIERS: 'partner' }, 'RATE_LIMIT_TIERS="partner": expected comma-separated <tier>=<count>/<window>'],
    [{ RATE_LIMIT_TIERS: 'partner=1000' }, 'got "partner=1000"'],
    [{ RATE_LIMIT_TIERS: 'Partner=10/1s' }, 'got "Partner=10/1s"'],
    [{ RATE_LIMIT_TIERS: 'user=10/1s,user=20/1s' }, 'each tier once'],
    [{ RATE_LIMIT_TIERS: 'user=10/1s=2' }, 'RATE_LIMIT_TIERS'],
    [{ RATE_LIMIT_TIERS: ' , ' }, 'RATE_LIMIT_TIERS'],
    [{ API_KEYS: 'ci:partner' }, 'API_KEYS: expected comma-separated <name>:<tier>:<sha256 hex of the key>; entry 1 is not'],
    [{ API_KEYS: `ci:partner:${'a'.repeat(63)}` }, 'entry 1 is not <name>:<tier>:<64 hex digits>'],
    [{ API_KEYS: `ci:Partner:${'a'.repeat(64)}` }, 'entry 1 is not'],
    [{ API_KEYS: `c i:user:${'a'.repeat(64)}` }, 'entry 1 is not'],
    [{ API_KEYS: `ci:user:${'a'.repeat(64)},ci:user:${'b'.repeat(64)}` }, 'entry 2 repeats a name'],
    [{ API_KEYS: `ci:user:${'a'.repeat(64)},cd:user:${'A'.repeat(64)}` }, 'entry 2 repeats a hash'],
    [{ API_KEYS: `ci:partner:${'a'.repeat(64)}` }, 'API_KEYS: key ci names tier "partner", expected one of anonymous, user'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL="localhost:6379": expected a redis or rediss URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET="short": expected at least 32 characters'],
    [{ UPSTREAM_TIMEOUT_MS: '-1' }, 'UPSTREAM_TIMEOUT_MS'],
    [{ EVENTS_TCP: 'nats://x:1' }, 'EVENTS_TCP="nats://x:1": expected host:port'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_COOKIE: 'a b' }, 'SESSION_COOKIE="a b": expected a cookie name'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS="*": expected a comma-separated list of origins'],
    [{ CORS_ORIGINS: 'https://a.example/path' }, 'CORS_ORIGINS'],
    [{ SHUTDOWN_DELAY_MS: '5s' }, 'SHUTDOWN_DELAY_MS="5s": expected an integer from 0 to 600000'],
    [{ LOAD_SHED_IN_FLIGHT: '0' }, 'LOAD_SHED_IN_FLIGHT="0": expected an integer from 1'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT="jaeger:4318": expected a http or https URL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://jaeger:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SERVICE_NAME: 'web bff' }, 'OTEL_SERVICE_NAME="web bff": expected a service name'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_BSP_SCHEDULE_DELAY: '1s' }, 'OTEL_BSP_SCHEDULE_DELAY="1s": expected an integer'],
  ])('rejects %j with one line naming the variable', (env, expected) => {
    const message = errorOf(env);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('reads instance metadata after each URL and keeps plain URLs plain', () => {
    const config = loadBffConfig({ UPSTREAM_PRODUCTS: 'http://a:1;weight=3;version=v2;zone=eu-1, https://b:2/ ; zone=us.east_1' }, defaults);
    expect(config.discovery.services.products).toEqual({
      kind: 'static',
      instances: [
        { origin: 'http://a:1', weight: 3, version: 'v2', zone: 'eu-1' },
        { origin: 'https://b:2', zone: 'us.east_1' },
      ],
    });
  });

  it('reads DNS targets per service and the DNS settings', () => {
    const config = loadBffConfig(
      {
        UPSTREAM_USERS: 'dns://users.shop.svc.cluster.local:4001',
        UPSTREAM_ORDERS: 'dns+srv://_http._tcp.orders.shop.svc.cluster.local.',
        DISCOVERY_INTERVAL: '250ms',
        DISCOVERY_DNS_SERVER: '10.96.0.10, 127.0.0.1:5353,[::1]:53',
      },
      defaults,
    );
    expect(config.discovery).toMatchObject({
      source: 'static',
      services: {
        users: { kind: 'dns', host: 'users.shop.svc.cluster.local', port: 4001 },
        orders: { kind: 'dns-srv', name: '_http._tcp.orders.shop.svc.cluster.local' },
        products: { kind: 'static' },
      },
      refreshMs: 250,
      dnsServers: ['10.96.0.10', '127.0.0.1:5353', '[::1]:53'],
    });
  });

  it('DISCOVERY=dns looks every service without an override up as SRV in DISCOVERY_DNS_DOMAIN', () => {
    const config = loadBffConfig({ DISCOVERY: 'dns', DISCOVERY_DNS_DOMAIN: 'shop.svc.cluster.local', UPSTREAM_PRODUCTS: 'http://p:1' }, defaults);
    expect(config.discovery.services).toEqual({
      users: { kind: 'dns-srv', name: '_http._tcp.users.shop.svc.cluster.local' },
      orders: { kind: 'dns-srv', name: '_http._tcp.orders.shop.svc.cluster.local' },
      products: { kind: 'static', instances: [{ origin: 'http://p:1' }] },
    });
  });

  it('DISCOVERY=redis takes every service without an override from the Redis registry', () => {
    const config = loadBffConfig({ DISCOVERY: 'redis', REDIS_URL: 'redis://127.0.0.1:6379', UPSTREAM_USERS: '' }, defaults);
    expect(config.discovery.source).toBe('redis');
    expect(config.discovery.services).toEqual({ users: { kind: 'redis' }, orders: { kind: 'redis' }, products: { kind: 'redis' } });
  });

  it('refuses production without real JWT settings', () => {
    expect(errorOf({ NODE_ENV: 'production' })).toMatch(/NODE_ENV=production requires JWT_SECRET or JWT_JWKS_URI/);
    expect(loadBffConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32) }, defaults).jwt).toMatchObject({
      secret: 'p'.repeat(32),
      developmentSecret: false,
    });
  });

  it('accepts JWT_JWKS_URI alone, with no HMAC secret at all, in production too', () => {
    const jwksUri = 'https://idp.example/.well-known/jwks.json';
    for (const NODE_ENV of ['development', 'production']) {
      expect(loadBffConfig({ NODE_ENV, JWT_JWKS_URI: jwksUri }, defaults).jwt).toEqual({
        secret: undefined,
        jwksUri,
        issuer: undefined,
        audience: undefined,
        developmentSecret: false,
      });
    }
  });

  it('accepts JWT_SECRET and JWT_JWKS_URI together, each kept', () => {
    const env = { JWT_SECRET: 's'.repeat(32), JWT_JWKS_URI: 'http://127.0.0.1:8080/jwks.json', JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'bff' };
    expect(loadBffConfig(env, defaults).jwt).toEqual({
      secret: 's'.repeat(32),
      jwksUri: 'http://127.0.0.1:8080/jwks.json',
      issuer: 'https://idp',
      audience: 'bff',
      developmentSecret: false,
    });
  });

  it.each(['ftp://idp/jwks', 'idp.example/jwks.json', 'not a url'])('rejects JWT_JWKS_URI=%j with one line', (uri) => {
    const message = errorOf({ JWT_JWKS_URI: uri });
    expect(message).toBe(`Invalid environment variable JWT_JWKS_URI=${JSON.stringify(uri)}: expected a http or https URL`);
  });

  it('reads CANARY as one canary release per service, none by default', () => {
    expect(loadBffConfig({}, defaults).canary).toEqual({});
    expect(loadBffConfig({ CANARY: 'products:v2:10, users:2.0-rc_1:0,orders:v3:100' }, defaults).canary).toEqual({
      products: { version: 'v2', percent: 10 },
      users: { version: '2.0-rc_1', percent: 0 },
      orders: { version: 'v3', percent: 100 },
    });
  });

  it.each([
    ['inventory:v2:10', 'a service of users, orders, products, got "inventory"'],
    ['products:v2:101', 'a percent as an integer 0-100, got "101"'],
    ['products:v2:-1', 'a percent as an integer 0-100, got "-1"'],
    ['products:v2:7.5', 'a percent as an integer 0-100, got "7.5"'],
    ['products:v 2:10', 'a version of 1-64 of A-Z a-z 0-9 . _ -, got "v 2"'],
    ['products::10', 'a version of 1-64 of A-Z a-z 0-9 . _ -, got ""'],
    ['products:v2', '<service>:<version>:<percent> such as products:v2:10, got "products:v2"'],
    ['products:v2:10:x', '<service>:<version>:<percent> such as products:v2:10, got "products:v2:10:x"'],
    ['users:v2:10,users:v3:5', 'one canary per service, got users twice'],
  ])('rejects CANARY=%j with one line', (value, expected) => {
    expect(errorOf({ CANARY: value })).toBe(`Invalid environment variable CANARY=${JSON.stringify(value)}: expected ${expected}`);
  });

  it('reads the tiers and the API keys, hashes in lower case', () => {
    const hash = 'AB'.repeat(32);
    const config = loadBffConfig(
      { RATE_LIMIT: '50/60s', RATE_LIMIT_TIERS: ' anonymous=20/60s, partner=1000/1m ', API_KEYS: `ci-bot:partner:${hash},kiosk_1:anonymous:${'c'.repeat(64)}` },
      defaults,
    );
    expect(config.rateLimit).toEqual({
      limit: 50,
      windowMs: 60_000,
      failMode: 'open',
      tiers: { anonymous: { limit: 20, windowMs: 60_000 }, partner: { limit: 1000, windowMs: 60_000 } },
      apiKeys: [
        { name: 'ci-bot', tier: 'partner', sha256: 'ab'.repeat(32) },
        { name: 'kiosk_1', tier: 'anonymous', sha256: 'c'.repeat(64) },
      ],
    });
  });

  it('never repeats the value of a malformed API_KEYS, which may hold a key pasted in place of its hash', () => {
    const message = errorOf({ API_KEYS: 'ci:user:my-very-secret-key' });
    expect(message).toMatch(/^Invalid environment variable API_KEYS: expected /);
    expect(message).not.toContain('my-very-secret-key');
  });

  it('turns traces on only with OTEL_EXPORTER_OTLP_ENDPOINT, named after the BFF unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(loadBffConfig({ OTEL_SERVICE_NAME: 'shop-web' }, defaults).tracing).toBeUndefined();
    expect(loadBffConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, defaults).tracing).toEqual({
      endpoint: 'http://jaeger:4318',
      serviceName: 'web-bff',
      scheduledDelayMillis: 5000,
    });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/otlp', OTEL_SERVICE_NAME: 'shop-web', OTEL_BSP_SCHEDULE_DELAY: '100' };
    expect(loadBffConfig(env, defaults).tracing).toEqual({ endpoint: 'https://otel.example/otlp', serviceName: 'shop-web', scheduledDelayMillis: 100 });
  });

  it('treats blank values as unset', () => {
    expect(loadBffConfig({ PORT: ' ', REDIS_URL: '' }, defaults)).toMatchObject({ port: 3000, redisUrl: undefined });
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['60s', 60_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '10', '1d', '0s', 's', '-1s'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
