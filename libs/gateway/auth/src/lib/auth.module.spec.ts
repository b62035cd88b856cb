import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLOSED_UPSTREAM, FakeUpstream } from '@bff/gateway-testing';
import { AuthModule } from './auth.module';
import { JwtVerifier } from './jwt.verifier';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AuthModule', () => {
  let jwks: FakeUpstream;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    jwks = await FakeUpstream.start(() => ({ status: 200, body: { keys: [] } }));
  });

  afterAll(() => jwks.close());

  it('refuses options without any key source', () => {
    expect(() => AuthModule.forRoot({ issuer: 'https://idp' })).toThrow('AuthModule needs a secret, a jwksUri or both');
  });

  it('fetches the JWKS on init, refreshes it, and stops refreshing on close', async () => {
    const module = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ jwksUri: `${jwks.url}/jwks.json`, jwksRefreshIntervalMs: 20 })],
    }).compile();
    await module.init();
    expect(jwks.requests.length).toBeGreaterThanOrEqual(1);
    while (jwks.requests.length < 3) await sleep(10);
    await module.close();
    const seen = jwks.requests.length;
    await sleep(100);
    expect(jwks.requests).toHaveLength(seen);
  });

  it('starts while the JWKS endpoint is unreachable, refusing RS256/ES256 tokens', async () => {
    const module = await Test.createTestingModule({ imports: [AuthModule.forRoot({ jwksUri: `${CLOSED_UPSTREAM}/jwks.json` })] }).compile();
    await expect(module.init()).resolves.toBeDefined();
    const token = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.e30.c2ln`;
    await expect(Promise.resolve(module.get(JwtVerifier).verify(token))).resolves.toBeUndefined();
    await module.close();
  });
});
