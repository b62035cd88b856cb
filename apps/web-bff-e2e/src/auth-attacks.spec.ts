import { sign, SignOptions } from 'jsonwebtoken';
import { createHmac, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { FakeResponse, FakeUpstream, mintToken, rawRequest, RunningBff, startBff } from '@bff/gateway-testing';

const ISSUER = 'https://idp.test';
const AUDIENCE = 'web';
const SECRET = 'e2e-hs256-secret-of-at-least-32-chars';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });

const jwkOf = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' });
const published = (...keys: object[]): FakeResponse => ({ status: 200, body: { keys } });
const initialKeys = () => published(jwkOf(rsa.publicKey, 'rsa-1'), jwkOf(ec.publicKey, 'ec-1'));

const claims = (extra: object = {}) =>
  Object.fromEntries(
    Object.entries({ sub: 'u-1', roles: ['user'], iss: ISSUER, aud: AUDIENCE, exp: now() + 300, jti: randomUUID(), ...extra }).filter(
      ([, value]) => value !== undefined,
    ),
  );
const signed = (key: KeyObject, options: SignOptions, extra: object = {}) => sign(claims(extra), key, options);
const rs = (extra: object = {}) => signed(rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' }, extra);
const es = (extra: object = {}) => signed(ec.privateKey, { algorithm: 'ES256', keyid: 'ec-1' }, extra);
const unknownKid = () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: randomUUID() });
const hmacWith = (key: string, header: object, payload: object) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
};

async function startWebBff(jwks: FakeUpstream, users: FakeUpstream): Promise<RunningBff> {
  return startBff('web-bff', {
    UPSTREAM_USERS: users.url,
    JWT_JWKS_URI: `${jwks.url}/jwks.json`,
    JWT_SECRET: SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
  });
}

const call = (bff: RunningBff, token: string) => fetch(`${bff.url}/api/v2/users/u-1`, { headers: { authorization: `Bearer ${token}` } });

describe('web-bff: authentication attacks are answered 401 and never reach a service', () => {
  let users: FakeUpstream;
  let jwks: FakeUpstream;
  let attacker: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start();
    jwks = await FakeUpstream.start(initialKeys);
    attacker = await FakeUpstream.start(() => published(jwkOf(foreign.publicKey, 'attacker')));
    bff = await startWebBff(jwks, users);
  });

  afterAll(async () => {
    await bff.process.stop();
    await Promise.all([users.close(), jwks.close(), attacker.close()]);
  });

  beforeEach(() => {
    users.requests.length = 0;
  });

  it.each([
    ['RS256', () => rs()],
    ['ES256', () => es()],
    ['HS256 with JWT_SECRET', () => mintToken({ sub: 'u-1', secret: SECRET, issuer: ISSUER, audience: AUDIENCE })],
  ])('accepts a valid %s token (so the refusals below are about the attack)', async (_, token) => {
    const response = await call(bff, token());
    expect(response.status).toBe(200);
    expect(users.requests).toHaveLength(1);
    expect(users.requests[0].headers['x-user-id']).toBe('u-1');
  });

  const publicPem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const attacks: Array<[string, () => string]> = [
    ...['none', 'NONE', 'None', 'nOnE'].map((alg): [string, () => string] => [`alg ${alg}`, () => `${b64({ alg, typ: 'JWT' })}.${b64(claims())}.`]),
    ['alg none with a kid and a copied signature', () => `${b64({ alg: 'none', kid: 'rsa-1' })}.${b64(claims())}.${rs().split('.')[2]}`],
    ['a stripped signature', () => rs().split('.').slice(0, 2).join('.') + '.'],
    ['a token signed by a foreign key under a published kid', () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' })],
    ['an HS256 token signed with another secret', () => mintToken({ sub: 'u-1', secret: 'x'.repeat(40), issuer: ISSUER, audience: AUDIENCE })],
    ['RS256 -> HS256 confusion with the public key PEM as secret', () => hmacWith(publicPem, { alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }, claims())],
    ['an expired token', () => rs({ exp: now() - 120 })],
    ['a token not valid before a future nbf', () => es({ nbf: now() + 300 })],
    ['a token without exp', () => rs({ exp: undefined })],
    ['a token from another issuer', () => rs({ iss: 'https://evil.test' })],
    ['a token for another audience', () => rs({ aud: 'admin' })],
    ['a kid with a path traversal', () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: '../../../../etc/passwd' })],
    ['a 2-segment token', () => rs().split('.').slice(0, 2).join('.')],
    ['a 4-segment token', () => `${rs()}.${rs().split('.')[2]}`],
    ['non-base64 segments', () => '%%%.$$$.###'],
  ];

  it.each(attacks)('refuses %s', async (_, token) => {
    const response = await call(bff, token());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(users.requests).toHaveLength(0);
  });

  it.each(['jku', 'x5u'])('refuses a token whose %s names an attacker server, which receives nothing', async (member) => {
    for (const kid of ['attacker', 'rsa-1']) {
      const header = { alg: 'RS256', kid, [member]: `${attacker.url}/jwks.json` };
      const response = await call(bff, signed(foreign.privateKey, { algorithm: 'RS256', header }));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(attacker.requests).toHaveLength(0);
    expect(users.requests).toHaveLength(0);
    expect(jwks.requests.every(({ url }) => url === '/jwks.json')).toBe(true);
  });

  it('answers a 1 MB token with 431 before any authentication or service call', async () => {
    // Node's HTTP parser refuses request headers above its default 16 KiB limit before Fastify,
    // Nest or the JWT guard see the request, so the answer is 431 rather than 401: the token is
    // never parsed and nothing is relayed. The BFF reads and drops the rest of the header while
    // it closes, so the answer is not lost to a reset while the client is still writing.
    const token = `${b64({ alg: 'RS256', kid: 'rsa-1' })}.${b64(claims({ padding: 'x'.repeat(1024 * 1024) }))}.${rs().split('.')[2]}`;
    const response = await rawRequest(bff.url, { path: '/api/v2/users/u-1', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(431);
    expect(users.requests).toHaveLength(0);
  });

  it('refuses a token just under the header limit but over the token limit with 401', async () => {
    const token = `${b64({ alg: 'RS256', kid: 'rsa-1' })}.${b64(claims({ padding: 'x'.repeat(10_000) }))}.${rs().split('.')[2]}`;
    const response = await call(bff, token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(users.requests).toHaveLength(0);
  });
});

describe('web-bff: JWKS rotation, floods and outages', () => {
  let users: FakeUpstream;
  let jwks: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start();
    jwks = await FakeUpstream.start(initialKeys);
    bff = await startWebBff(jwks, users);
  });

  afterAll(async () => {
    await bff.process.stop();
    await Promise.all([users.close(), jwks.close()]);
  });

  beforeEach(() => {
    users.requests.length = 0;
  });

  it('fetched the JWKS once at start', () => {
    expect(jwks.requests.map(({ method, url }) => `${method} ${url}`)).toEqual(['GET /jwks.json']);
  });

  it('lets a flood of 30 unknown kids cause at most one JWKS fetch (default 5 s cooldown)', async () => {
    const before = jwks.requests.length;
    const first = await Promise.all(Array.from({ length: 30 }, () => call(bff, unknownKid())));
    const second = await Promise.all(Array.from({ length: 30 }, () => call(bff, unknownKid())));
    expect([...first, ...second].map(({ status }) => status)).toEqual(Array(60).fill(401));
    expect(jwks.requests.length - before).toBeLessThanOrEqual(1);
    expect(users.requests).toHaveLength(0);
  });

  it('accepts a newly published key without restart, within 10 s of its first use', async () => {
    jwks.handler = () => published(jwkOf(rsa.publicKey, 'rsa-1'), jwkOf(ec.publicKey, 'ec-1'), jwkOf(rotated.publicKey, 'rsa-2'));
    const token = signed(rotated.privateKey, { algorithm: 'RS256', keyid: 'rsa-2' });
    // The flood above may have used the cooldown: retry until a miss may refetch again. The
    // contract bounds this to 10 s; 40 attempts 250 ms apart are about that long.
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      if (attempt > 0) await sleep(250);
      status = (await call(bff, token)).status;
    }
    expect(status).toBe(200);
    expect(users.requests.at(-1)?.headers['x-user-id']).toBe('u-1');
  });

  it('keeps accepting known keys and refuses unknown kids while the JWKS endpoint is down', async () => {
    jwks.handler = () => ({ status: 503 });
    const before = jwks.requests.length;
    // Unknown kids until the BFF has tried the failing endpoint once (after the current cooldown).
    for (let attempt = 0; attempt < 40 && jwks.requests.length === before; attempt++) {
      if (attempt > 0) await sleep(250);
      expect((await call(bff, unknownKid())).status).toBe(401);
    }
    expect(jwks.requests.length).toBeGreaterThan(before);
    const rotatedToken = signed(rotated.privateKey, { algorithm: 'RS256', keyid: 'rsa-2' });
    const known = await Promise.all([call(bff, rs()), call(bff, es()), call(bff, rotatedToken)]);
    expect(known.map(({ status }) => status)).toEqual([200, 200, 200]);
    expect(users.requests).toHaveLength(3);
  });
});
