import { Logger } from '@nestjs/common';
import { sign, SignOptions } from 'jsonwebtoken';
import { createHmac, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { FakeResponse, FakeUpstream } from '@bff/gateway-testing';
import { AuthOptions } from './auth.options';
import { JwksClient } from './jwks.client';
import { JwtVerifier } from './jwt.verifier';

const secret = 's'.repeat(40);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const good = { sub: 'u-1', roles: ['admin', 7], scope: 'read write', iss: 'https://idp.test', aud: 'bff' };
const identity = { sub: 'u-1', roles: ['admin'], scopes: ['read', 'write'] };
/** What `verify` settles on, as a promise: it answers at once for a token verified before, and for some refusals. */
const verdictOf = async (verifier: JwtVerifier, token: string) => verifier.verify(token);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JwtVerifier with an HS256 secret', () => {
  const verifier = new JwtVerifier({ secret, issuer: 'https://idp.test', audience: 'bff' });

  it('returns the identity of a valid token', async () => {
    const token = sign({ ...good, exp: now() + 60 }, secret, { algorithm: 'HS256' });
    await expect(verdictOf(verifier, token)).resolves.toEqual(identity);
  });

  it('reads a well-formed tier claim and ignores any other', async () => {
    const tierOf = async (tier: unknown) => (await verifier.verify(sign({ ...good, tier, exp: now() + 60 }, secret, { algorithm: 'HS256' })))?.tier;
    expect(await tierOf('partner')).toBe('partner');
    expect(await tierOf('gold-2')).toBe('gold-2');
    for (const tier of ['Partner', 'a'.repeat(33), '', 'part ner', 'p:x', 7, ['partner'], { name: 'partner' }]) {
      expect(await tierOf(tier)).toBeUndefined();
    }
  });

  it.each([
    ['expired', sign({ ...good, exp: now() - 120 }, secret)],
    ['not yet valid', sign({ ...good, exp: now() + 600, nbf: now() + 300 }, secret)],
    ['without exp', sign(good, secret)],
    ['without sub', sign({ ...good, sub: undefined, exp: now() + 60 }, secret)],
    ['with an empty sub', sign({ ...good, sub: '', exp: now() + 60 }, secret)],
    ['signed with another key', sign({ ...good, exp: now() + 60 }, 'x'.repeat(40))],
    ['from another issuer', sign({ ...good, iss: 'https://evil', exp: now() + 60 }, secret)],
    ['for another audience', sign({ ...good, aud: 'other', exp: now() + 60 }, secret)],
    ['signed HS512', sign({ ...good, exp: now() + 60 }, secret, { algorithm: 'HS512' })],
    ['claiming RS256', sign({ ...good, exp: now() + 60 }, secret).replace(/^[^.]+/, b64({ alg: 'RS256', typ: 'JWT' }))],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...good, exp: now() + 60 })}.`],
    ['alg NoNe', `${b64({ alg: 'NoNe', typ: 'JWT' })}.${b64({ ...good, exp: now() + 60 })}.`],
    ['stripped signature', sign({ ...good, exp: now() + 60 }, secret).split('.').slice(0, 2).join('.') + '.'],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['not base64', '%%%.$$$.###'],
    ['huge', 'a'.repeat(1024 * 1024)],
    ['empty', ''],
  ])('refuses a token %s', async (_, token) => {
    await expect(verdictOf(verifier, token)).resolves.toBeUndefined();
  });

  it('accepts a small clock skew', async () => {
    const token = sign({ ...good, exp: now() - 5 }, secret);
    expect((await verifier.verify(token))?.sub).toBe('u-1');
  });
});

describe('JwtVerifier with a JWKS', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreignEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwkOf = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' });
  const published = (...keys: object[]): FakeResponse => ({ status: 200, body: { keys } });
  const initialKeys = () => published(jwkOf(rsa.publicKey, 'rsa-1'), jwkOf(ec.publicKey, 'ec-1'));

  const claims = (extra: object = {}) =>
    Object.fromEntries(Object.entries({ ...good, exp: now() + 60, jti: randomUUID(), ...extra }).filter(([, value]) => value !== undefined));
  const signed = (key: KeyObject, options: SignOptions, extra: object = {}) => sign(claims(extra), key, options);
  const rs = (extra: object = {}) => signed(rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' }, extra);
  const es = (extra: object = {}) => signed(ec.privateKey, { algorithm: 'ES256', keyid: 'ec-1' }, extra);
  const unknownKid = () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: randomUUID() });
  const hmac = (header: object, payload: object, key: string) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };

  let jwks: FakeUpstream;
  let attacker: FakeUpstream;
  const started: JwtVerifier[] = [];
  const startVerifier = async (options: Partial<AuthOptions> = {}) => {
    const verifier = new JwtVerifier({ jwksUri: `${jwks.url}/jwks.json`, issuer: 'https://idp.test', audience: 'bff', ...options });
    started.push(verifier);
    await verifier.onModuleInit();
    return verifier;
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    attacker = await FakeUpstream.start(() => published(jwkOf(foreign.publicKey, 'attacker')));
  });

  afterAll(() => attacker.close());

  beforeEach(async () => {
    jwks = await FakeUpstream.start(initialKeys);
  });

  afterEach(async () => {
    for (const verifier of started.splice(0)) verifier.onApplicationShutdown();
    jest.restoreAllMocks();
    await jwks.close();
  });

  it('accepts RS256 and ES256 tokens signed by a published key, fetching the JWKS once', async () => {
    const verifier = await startVerifier();
    await expect(verdictOf(verifier, rs())).resolves.toEqual(identity);
    await expect(verdictOf(verifier, es())).resolves.toEqual(identity);
    expect(jwks.requests.map(({ url }) => url)).toEqual(['/jwks.json']);
  });

  it('accepts HS256 with the secret and RS256 with the JWKS when both are configured', async () => {
    const verifier = await startVerifier({ secret });
    await expect(verdictOf(verifier, sign(claims(), secret, { algorithm: 'HS256' }))).resolves.toEqual(identity);
    await expect(verdictOf(verifier, rs())).resolves.toEqual(identity);
  });

  it('refuses every HS256 token when only a JWKS is configured', async () => {
    const verifier = await startVerifier();
    await expect(verdictOf(verifier, sign(claims(), secret, { algorithm: 'HS256' }))).resolves.toBeUndefined();
    await expect(verdictOf(verifier, sign(claims(), '', { algorithm: 'none' }))).resolves.toBeUndefined();
  });

  describe('refuses attacks, never throwing', () => {
    const publicPem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const realHeader = rs().split('.')[0];
    const tokens: Array<[string, () => string]> = [
      ...['none', 'NONE', 'None', 'nOnE'].map((alg): [string, () => string] => [`alg ${alg}`, () => `${b64({ alg, typ: 'JWT', kid: 'rsa-1' })}.${b64(claims())}.`]),
      ['alg none with a signature', () => `${b64({ alg: 'none', kid: 'rsa-1' })}.${b64(claims())}.${rs().split('.')[2]}`],
      ['a stripped signature', () => rs().split('.').slice(0, 2).join('.') + '.'],
      ['two segments of a real token', () => rs().split('.').slice(0, 2).join('.')],
      ['two segments', () => 'abc.def'],
      ['four segments', () => 'a.b.c.d'],
      ['a real token with a fourth segment', () => `${rs()}.${rs().split('.')[2]}`],
      ['non-base64 segments', () => '%%%.$$$.###'],
      ['base64 segments that are no JSON', () => 'abc.def.ghi'],
      ['a 1 MB token', () => `${realHeader}.${b64(claims({ padding: 'x'.repeat(1024 * 1024) }))}.${rs().split('.')[2]}`],
      ['a 1 MB blob', () => 'a'.repeat(1024 * 1024)],
      ['an empty token', () => ''],
      ['signed by a foreign key under a published kid', () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' })],
      ['RS256 -> HS256 confusion with the public key PEM as secret', () => hmac({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }, claims(), publicPem)],
      ['HS256 with the public key PEM and no kid', () => hmac({ alg: 'HS256', typ: 'JWT' }, claims(), publicPem)],
      ['ES256 claimed for an RSA kid', () => signed(foreignEc.privateKey, { algorithm: 'ES256', keyid: 'rsa-1' })],
      ['RS256 claimed for an EC kid', () => signed(rsa.privateKey, { algorithm: 'RS256', keyid: 'ec-1' })],
      ['RS512 under an RS256-pinned kid', () => signed(rsa.privateKey, { algorithm: 'RS512', keyid: 'rsa-1' })],
      ['PS256 under an RSA kid', () => signed(rsa.privateKey, { algorithm: 'PS256', keyid: 'rsa-1' })],
      ['RS256 without kid', () => signed(rsa.privateKey, { algorithm: 'RS256' })],
      ['a numeric kid', () => signed(rsa.privateKey, { algorithm: 'RS256', header: { alg: 'RS256', kid: 1 as unknown as string } })],
      ['a crit header', () => signed(rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1', header: { alg: 'RS256', crit: ['exp'] } })],
      ['kid ../../etc/passwd', () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: '../../etc/passwd' })],
      ['kid /dev/null', () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: '/dev/null' })],
      ['kid naming a URL', () => signed(foreign.privateKey, { algorithm: 'RS256', keyid: `${attacker.url}/jwks.json` })],
      ['expired', () => rs({ exp: now() - 120 })],
      ['not yet valid', () => rs({ nbf: now() + 300 })],
      ['without exp', () => rs({ exp: undefined })],
      ['without sub', () => rs({ sub: undefined })],
      ['from another issuer', () => rs({ iss: 'https://evil' })],
      ['for another audience', () => es({ aud: 'other' })],
    ];

    it.each(tokens)('%s', async (_, token) => {
      const verifier = await startVerifier({ secret });
      await expect(verdictOf(verifier, token())).resolves.toBeUndefined();
      expect(jwks.requests.every(({ url }) => url === '/jwks.json')).toBe(true);
    });

    it.each(['jku', 'x5u'])('%s naming an attacker server, which receives nothing', async (member) => {
      const verifier = await startVerifier();
      const headers = { alg: 'RS256', kid: 'attacker', [member]: `${attacker.url}/jwks.json` };
      await expect(verdictOf(verifier, signed(foreign.privateKey, { algorithm: 'RS256', header: headers }))).resolves.toBeUndefined();
      await expect(verdictOf(verifier, signed(foreign.privateKey, { algorithm: 'RS256', header: { ...headers, kid: 'rsa-1' } }))).resolves.toBeUndefined();
      expect(attacker.requests).toHaveLength(0);
    });

    it.each([
      ['jwk', (kid: string) => ({ jwk: jwkOf(foreign.publicKey, kid) })],
      ['x5c', () => ({ x5c: [foreign.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')] })],
    ])('an embedded %s key', async (_, embedded) => {
      const verifier = await startVerifier();
      for (const kid of ['attacker', 'rsa-1']) {
        const token = signed(foreign.privateKey, { algorithm: 'RS256', header: { alg: 'RS256', kid, ...embedded(kid) } });
        await expect(verdictOf(verifier, token)).resolves.toBeUndefined();
      }
    });
  });

  it('accepts a newly published key after one refetch (rotation)', async () => {
    const verifier = await startVerifier();
    const token = signed(rotated.privateKey, { algorithm: 'RS256', keyid: 'rsa-2' });
    jwks.handler = () => published(jwkOf(rsa.publicKey, 'rsa-1'), jwkOf(rotated.publicKey, 'rsa-2'));
    await expect(verdictOf(verifier, token)).resolves.toEqual(identity);
    await expect(verdictOf(verifier, rs())).resolves.toEqual(identity);
    expect(jwks.requests).toHaveLength(2);
  });

  it('fetches once for a burst of 50 unknown kids, and not again within the default cooldown', async () => {
    const verifier = await startVerifier();
    const burst = await Promise.all(Array.from({ length: 50 }, () => verifier.verify(unknownKid())));
    expect(burst.every((result) => result === undefined)).toBe(true);
    expect(jwks.requests).toHaveLength(2);
    for (let i = 0; i < 10; i++) await expect(verdictOf(verifier, unknownKid())).resolves.toBeUndefined();
    expect(jwks.requests).toHaveLength(2);
  });

  it('fetches once more for a second burst after the cooldown', async () => {
    const verifier = await startVerifier({ jwksCooldownMs: 200 });
    await Promise.all(Array.from({ length: 50 }, () => verifier.verify(unknownKid())));
    expect(jwks.requests).toHaveLength(2);
    await sleep(300);
    await Promise.all(Array.from({ length: 50 }, () => verifier.verify(unknownKid())));
    expect(jwks.requests).toHaveLength(3);
  });

  it.each<[string, () => FakeResponse]>([
    ['answers 500', () => ({ status: 500 })],
    ['answers text', () => ({ status: 200, body: '<html>maintenance</html>' })],
    ['answers JSON that is no JWK Set', () => ({ status: 200, body: { keys: 'rsa-2' } })],
  ])('keeps the cached keys and refuses unknown kids while the JWKS endpoint %s', async (_, answer) => {
    const verifier = await startVerifier({ jwksCooldownMs: 0 });
    jwks.handler = answer;
    await expect(verdictOf(verifier, unknownKid())).resolves.toBeUndefined();
    await expect(verdictOf(verifier, rs())).resolves.toEqual(identity);
    await expect(verdictOf(verifier, es())).resolves.toEqual(identity);
    expect(jwks.requests).toHaveLength(2);
  });

  it('keeps the cached keys and refuses unknown kids while the JWKS endpoint is unreachable', async () => {
    const verifier = await startVerifier({ jwksCooldownMs: 0 });
    await jwks.close();
    await expect(verdictOf(verifier, unknownKid())).resolves.toBeUndefined();
    await expect(verdictOf(verifier, rs())).resolves.toEqual(identity);
    jwks = await FakeUpstream.start();
  });

  it('starts while the JWKS endpoint is down, refuses tokens until the keys arrive, then accepts them', async () => {
    jwks.handler = () => ({ status: 503 });
    const verifier = await startVerifier({ jwksCooldownMs: 0 });
    await expect(verdictOf(verifier, rs())).resolves.toBeUndefined();
    jwks.handler = initialKeys;
    await expect(verdictOf(verifier, rs())).resolves.toEqual(identity);
  });

  it('refuses a JWKS document over its size cap (128 KiB)', async () => {
    jwks.handler = () => published(jwkOf(rsa.publicKey, 'rsa-1'), { padding: 'x'.repeat(130 * 1024) });
    const verifier = await startVerifier();
    await expect(verdictOf(verifier, rs())).resolves.toBeUndefined();
  });

  describe('verified-token cache', () => {
    it('verifies a hot token once: the second call does no key lookup and no signature check', async () => {
      const verifier = await startVerifier();
      const lookup = jest.spyOn(JwksClient.prototype, 'keyFor');
      const token = rs();
      await expect(verdictOf(verifier, token)).resolves.toEqual(identity);
      expect(verifier.verify(token)).toEqual(identity);
      expect(lookup).toHaveBeenCalledTimes(1);
    });

    it('never serves a cached token once it has expired', async () => {
      const verifier = await startVerifier();
      const token = rs({ exp: now() + 60 });
      await expect(verdictOf(verifier, token)).resolves.toEqual(identity);
      const later = Date.now() + 120_000;
      jest.spyOn(Date, 'now').mockReturnValue(later);
      await expect(verdictOf(verifier, token)).resolves.toBeUndefined();
    });

    it('refuses a cached token once its key is withdrawn from the JWKS', async () => {
      const verifier = await startVerifier({ jwksCooldownMs: 0 });
      const token = rs();
      await expect(verdictOf(verifier, token)).resolves.toEqual(identity);
      jwks.handler = () => published(jwkOf(rotated.publicKey, 'rsa-2'));
      await verifier.verify(unknownKid());
      await expect(verdictOf(verifier, token)).resolves.toBeUndefined();
    });

    it('does not remember a refused token', async () => {
      const verifier = await startVerifier();
      const token = rs({ iss: 'https://evil' });
      await expect(verdictOf(verifier, token)).resolves.toBeUndefined();
      await expect(verdictOf(verifier, token)).resolves.toBeUndefined();
    });
  });
});
