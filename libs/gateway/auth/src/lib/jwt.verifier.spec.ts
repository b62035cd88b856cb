import { sign } from 'jsonwebtoken';
import { JwtVerifier } from './jwt.verifier';

const secret = 's'.repeat(40);
const verifier = new JwtVerifier({ secret, issuer: 'https://idp.test', audience: 'bff' });
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const good = { sub: 'u-1', roles: ['admin', 7], scope: 'read write', iss: 'https://idp.test', aud: 'bff' };

describe('JwtVerifier', () => {
  it('returns the identity of a valid token', () => {
    const token = sign({ ...good, exp: now() + 60 }, secret, { algorithm: 'HS256' });
    expect(verifier.verify(token)).toEqual({ sub: 'u-1', roles: ['admin'], scopes: ['read', 'write'] });
  });

  it.each([
    ['expired', sign({ ...good, exp: now() - 120 }, secret)],
    ['not yet valid', sign({ ...good, exp: now() + 600, nbf: now() + 300 }, secret)],
    ['without exp', sign(good, secret)],
    ['without sub', sign({ ...good, sub: undefined, exp: now() + 60 }, secret)],
    ['signed with another key', sign({ ...good, exp: now() + 60 }, 'x'.repeat(40))],
    ['from another issuer', sign({ ...good, iss: 'https://evil', exp: now() + 60 }, secret)],
    ['for another audience', sign({ ...good, aud: 'other', exp: now() + 60 }, secret)],
    ['signed HS512', sign({ ...good, exp: now() + 60 }, secret, { algorithm: 'HS512' })],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...good, exp: now() + 60 })}.`],
    ['alg NoNe', `${b64({ alg: 'NoNe', typ: 'JWT' })}.${b64({ ...good, exp: now() + 60 })}.`],
    ['stripped signature', sign({ ...good, exp: now() + 60 }, secret).split('.').slice(0, 2).join('.') + '.'],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['not base64', '%%%.$$$.###'],
    ['huge', 'a'.repeat(1024 * 1024)],
    ['empty', ''],
  ])('refuses a token %s', (_, token) => {
    expect(verifier.verify(token)).toBeUndefined();
  });

  it('accepts a small clock skew', () => {
    const token = sign({ ...good, exp: now() - 5 }, secret);
    expect(verifier.verify(token)?.sub).toBe('u-1');
  });
});
