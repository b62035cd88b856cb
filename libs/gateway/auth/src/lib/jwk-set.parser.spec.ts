import { generateKeyPairSync, JsonWebKey } from 'node:crypto';
import { parseJwkSet, verificationKeyOf } from './jwk-set.parser';

const publicJwk = (pair: ReturnType<typeof generateKeyPairSync>): JsonWebKey => pair.publicKey.export({ format: 'jwk' });
const rsa = publicJwk(generateKeyPairSync('rsa', { modulusLength: 2048 }));
const rsaPrivate = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const p256 = publicJwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
const p384 = publicJwk(generateKeyPairSync('ec', { namedCurve: 'P-384' }));
const ed25519 = publicJwk(generateKeyPairSync('ed25519'));
const shortRsa = publicJwk(generateKeyPairSync('rsa', { modulusLength: 1024 }));

describe('verificationKeyOf', () => {
  it('pins an RSA key to RS256 and an EC P-256 key to ES256', () => {
    expect(verificationKeyOf({ ...rsa, kid: 'r1' })).toMatchObject({ kid: 'r1', algorithm: 'RS256' });
    expect(verificationKeyOf({ ...rsa, kid: 'r1' })?.key.asymmetricKeyType).toBe('rsa');
    expect(verificationKeyOf({ ...p256, kid: 'e1', use: 'sig', alg: 'ES256' })).toMatchObject({ kid: 'e1', algorithm: 'ES256' });
    expect(verificationKeyOf({ ...p256, kid: 'e1' })?.key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('imports only the public part of a JWK that also carries private members', () => {
    const key = verificationKeyOf({ ...rsaPrivate, kid: 'r2' });
    expect(key?.key.type).toBe('public');
  });

  it.each([
    ['without kid', { ...rsa }],
    ['with an empty kid', { ...rsa, kid: '' }],
    ['with a numeric kid', { ...rsa, kid: 7 }],
    ['for encryption', { ...rsa, kid: 'k', use: 'enc' }],
    ['RSA claiming ES256', { ...rsa, kid: 'k', alg: 'ES256' }],
    ['RSA claiming HS256', { ...rsa, kid: 'k', alg: 'HS256' }],
    ['RSA claiming RS512', { ...rsa, kid: 'k', alg: 'RS512' }],
    ['EC claiming RS256', { ...p256, kid: 'k', alg: 'RS256' }],
    ['EC P-384', { ...p384, kid: 'k' }],
    ['Ed25519', { ...ed25519, kid: 'k' }],
    ['symmetric', { kty: 'oct', k: 'c2VjcmV0', kid: 'k' }],
    ['RSA under 2048 bits', { ...shortRsa, kid: 'k' }],
    ['RSA with a broken modulus', { ...rsa, n: '!!!', kid: 'k' }],
    ['EC without y', { ...p256, y: undefined, kid: 'k' }],
    ['not an object', 'RS256'],
    ['an array', [rsa]],
    ['null', null],
  ])('ignores a key %s', (_, jwk) => {
    expect(verificationKeyOf(jwk)).toBeUndefined();
  });
});

describe('parseJwkSet', () => {
  it('indexes the trusted keys by kid and skips the others', () => {
    const keys = parseJwkSet({ keys: [{ ...rsa, kid: 'r1' }, { ...p256, kid: 'e1' }, { ...rsa, kid: 'x', use: 'enc' }, 'junk'] });
    expect([...(keys ?? new Map()).entries()].map(([kid, key]) => [kid, key.algorithm])).toEqual([
      ['r1', 'RS256'],
      ['e1', 'ES256'],
    ]);
  });

  it('drops a kid published twice as ambiguous', () => {
    const keys = parseJwkSet({ keys: [{ ...rsa, kid: 'twice' }, { ...p256, kid: 'twice' }, { ...p256, kid: 'once' }] });
    expect([...(keys?.keys() ?? [])]).toEqual(['once']);
  });

  it('reads an empty set as no keys', () => {
    expect(parseJwkSet({ keys: [] })?.size).toBe(0);
  });

  it.each([[null], ['{"keys":[]}'], [[]], [{}], [{ keys: 'none' }], [{ keys: { 0: rsa } }]])('is undefined for %j, which is no JWK Set', (document) => {
    expect(parseJwkSet(document)).toBeUndefined();
  });
});
