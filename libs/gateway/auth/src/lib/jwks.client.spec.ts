import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { CLOSED_UPSTREAM, FakeResponse, FakeUpstream } from '@bff/gateway-testing';
import { JwksClient, JwksClientOptions } from './jwks.client';

const jwk = (kid: string) => ({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid, use: 'sig' });
const keyA = jwk('a');
const keyB = jwk('b');
const jwks = (...keys: object[]): FakeResponse => ({ status: 200, body: { keys } });
const oversized = JSON.stringify({ keys: [keyB], padding: 'x'.repeat(5000) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JwksClient', () => {
  let server: FakeUpstream;
  let client: JwksClient;
  const start = async (options: Partial<JwksClientOptions> = {}) => {
    client = new JwksClient({ uri: `${server.url}/jwks.json`, cooldownMs: 0, refreshIntervalMs: 60_000, timeoutMs: 2_000, maxBytes: 4096, ...options });
    await client.start();
  };

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    server = await FakeUpstream.start(() => jwks(keyA));
  });

  afterEach(async () => {
    await client.stop();
    await server.close();
  });

  it('fetches the keys at start and finds them by kid without fetching again', async () => {
    await start();
    expect((await client.keyFor('a'))?.algorithm).toBe('ES256');
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual(['GET /jwks.json']);
  });

  it('refetches once for an unknown kid and finds a newly published key', async () => {
    await start();
    server.handler = () => jwks(keyA, keyB);
    expect((await client.keyFor('b'))?.kid).toBe('b');
    expect(server.requests).toHaveLength(2);
  });

  it('shares one fetch between concurrent misses', async () => {
    await start();
    server.handler = () => ({ ...jwks(keyA, keyB), delayMs: 50 });
    const found = await Promise.all(['b', 'x', 'y', 'b', 'z'].map((kid) => client.keyFor(kid)));
    expect(found.map((key) => key?.kid)).toEqual(['b', undefined, undefined, 'b', undefined]);
    expect(server.requests).toHaveLength(2);
  });

  it('does not refetch for a miss within the cooldown', async () => {
    await start({ cooldownMs: 60_000 });
    for (const kid of ['x', 'y', 'z']) expect(await client.keyFor(kid)).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('refreshes in the background, and no more once stopped', async () => {
    await start({ refreshIntervalMs: 20 });
    server.handler = () => jwks(keyA, keyB);
    // fetches are single-flight: a third request starts only after the second one's keys were taken
    while (server.requests.length < 3) await sleep(10);
    await client.stop();
    const seen = server.requests.length;
    await sleep(100);
    expect((await client.keyFor('b'))?.kid).toBe('b');
    expect(server.requests).toHaveLength(seen);
  });

  it.each<[string, FakeResponse]>([
    ['an error status', { status: 500, body: { keys: [keyB] } }],
    ['a 404', { status: 404 }],
    ['text that is not JSON', { status: 200, body: 'keys: b' }],
    ['JSON that is not a JWK Set', { status: 200, body: { keys: 'b' } }],
    ['a chunked body over the size cap', jwks(keyB, { padding: 'x'.repeat(5000) })],
    ['a content-length over the size cap', { status: 200, headers: { 'content-length': String(oversized.length) }, body: oversized }],
    ['an answer slower than the timeout', { ...jwks(keyA, keyB), delayMs: 3_000 }],
  ])('keeps the known keys and refuses unknown kids after %s', async (_, answer) => {
    await start({ timeoutMs: 1_000 });
    server.handler = () => answer;
    expect(await client.keyFor('b')).toBeUndefined();
    expect((await client.keyFor('a'))?.kid).toBe('a');
    expect(server.requests).toHaveLength(2);
  });

  it('starts without keys when the endpoint is unreachable, and warns', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    client = new JwksClient({ uri: `${CLOSED_UPSTREAM}/jwks.json`, cooldownMs: 0, refreshIntervalMs: 60_000, timeoutMs: 500, maxBytes: 4096 });
    await expect(client.start()).resolves.toBeUndefined();
    expect(await client.keyFor('a')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no keys yet'));
    warn.mockRestore();
  });

  it('drops keys that a well-formed answer no longer publishes', async () => {
    await start();
    const a = await client.keyFor('a');
    server.handler = () => jwks(keyB);
    await client.keyFor('b');
    expect(a && client.isCurrent(a)).toBe(false);
    expect(await client.keyFor('a')).toBeUndefined();
  });
});
