import fc from 'fast-check';
import { sign } from 'jsonwebtoken';
import { JwtVerifier } from './jwt.verifier';

const secret = 'p'.repeat(40);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Token-shaped input: three base64url parts of arbitrary JSON or bytes, or plain garbage. */
const segment = fc.oneof(
  fc.json().map(b64),
  fc.jsonValue().map(b64),
  fc.string({ maxLength: 40 }).map(b64),
  fc.string({ maxLength: 40 }),
  fc.constant(''),
);
const header = fc.oneof(
  segment,
  fc.record({ alg: fc.constantFrom('none', 'None', 'HS256', 'HS512', 'RS256', 'ES256', 'PS256', ''), typ: fc.constant('JWT'), kid: fc.option(fc.string()) }).map(b64),
);
const token = fc.oneof(
  fc.tuple(header, segment, segment).map((parts) => parts.join('.')),
  fc.array(segment, { maxLength: 5 }).map((parts) => parts.join('.')),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

// `verify` answers at once for a token it verified before (fast-check may draw the same claims twice) and for one too long to look at.
describe('JwtVerifier under arbitrary tokens', () => {
  const verifier = new JwtVerifier({ secret });

  it('refuses every forged token without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(token, async (candidate) => {
        await expect(Promise.resolve(verifier.verify(candidate))).resolves.toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any payload re-signed with another key or re-labelled, even with valid claims', async () => {
    const claims = fc.record({ sub: fc.string({ minLength: 1, maxLength: 10 }), roles: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(claims, fc.constantFrom('none', 'HS384', 'HS512'), async (payload, alg) => {
        const exp = Math.floor(Date.now() / 1000) + 60;
        const good = sign({ ...payload, exp }, secret, { algorithm: 'HS256' });
        const [, body, signature] = good.split('.');
        await expect(Promise.resolve(verifier.verify(`${b64({ alg, typ: 'JWT' })}.${body}.${signature}`))).resolves.toBeUndefined();
        await expect(Promise.resolve(verifier.verify(sign({ ...payload, exp }, 'q'.repeat(40), { algorithm: 'HS256' })))).resolves.toBeUndefined();
        await expect(Promise.resolve(verifier.verify(good))).resolves.toMatchObject({ sub: payload.sub });
      }),
      { numRuns: 300 },
    );
  });
});
