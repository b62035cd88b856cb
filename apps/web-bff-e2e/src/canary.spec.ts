import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

const bearer = (sub: string) => ({ authorization: `Bearer ${mintToken({ sub })}` });

/** Two users instances, `v1` and `v2`, behind a web-bff started with `CANARY`. */
async function startSplit(canary: string): Promise<{ v1: FakeUpstream; v2: FakeUpstream; bff: RunningBff }> {
  const v1 = await FakeUpstream.start(() => ({ status: 200, body: { version: 'v1' } }));
  const v2 = await FakeUpstream.start(() => ({ status: 200, body: { version: 'v2' } }));
  const bff = await startBff('web-bff', { UPSTREAM_USERS: `${v1.url};version=v1,${v2.url};version=v2`, CANARY: canary });
  return { v1, v2, bff };
}

/** The version that answered a GET through the BFF. */
async function versionOf(bff: RunningBff, path: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${bff.url}${path}`, { headers });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { version: string };
  return body.version;
}

describe('web-bff: canary release from CANARY', () => {
  describe('CANARY=users:v2:0 (only requests that ask for it)', () => {
    let split: Awaited<ReturnType<typeof startSplit>>;

    beforeAll(async () => {
      split = await startSplit('users:v2:0');
    });

    afterAll(async () => {
      await split.bff.process.stop();
      await Promise.all([split.v1.close(), split.v2.close()]);
    });

    it('sends x-canary: 1 to v2 only and everything else to v1 only, on pass-through and JSON routes', async () => {
      const { bff, v1, v2 } = split;
      for (let i = 0; i < 10; i++) {
        const user = bearer(`u-${i}`);
        expect(await versionOf(bff, `/api/v2/users/u-${i}`, { ...user, 'x-canary': '1' })).toBe('v2');
        expect(await versionOf(bff, `/api/v1/users/u-${i}`, { ...user, 'x-canary': '1' })).toBe('v2');
        expect(await versionOf(bff, `/api/v2/users/u-${i}`, user)).toBe('v1');
        expect(await versionOf(bff, `/api/v1/users/u-${i}`, user)).toBe('v1');
        expect(await versionOf(bff, `/api/v2/users/u-${i}`, { ...user, 'x-canary': '0' })).toBe('v1');
      }
      expect(v2.requests.every((request) => request.headers['x-canary'] === '1')).toBe(true);
      expect(v1.requests.some((request) => request.headers['x-canary'] === '1')).toBe(false);
      expect(v2.requests).toHaveLength(20);
      expect(v1.requests).toHaveLength(30);
    });
  });

  describe('CANARY=users:v2:50 (half the users, sticky)', () => {
    let split: Awaited<ReturnType<typeof startSplit>>;

    beforeAll(async () => {
      split = await startSplit('users:v2:50');
    });

    afterAll(async () => {
      await split.bff.process.stop();
      await Promise.all([split.v1.close(), split.v2.close()]);
    });

    it('keeps each of 40 users on one version, and uses both versions', async () => {
      const { bff } = split;
      const first = new Map<string, string>();
      for (let i = 0; i < 40; i++) first.set(`user-${i}`, await versionOf(bff, `/api/v2/users/user-${i}`, bearer(`user-${i}`)));
      for (let round = 0; round < 2; round++) {
        for (const [user, version] of first) {
          expect(await versionOf(bff, `/api/v2/users/${user}`, bearer(user))).toBe(version);
          expect(await versionOf(bff, `/api/v1/users/${user}`, bearer(user))).toBe(version);
        }
      }
      expect(new Set(first.values())).toEqual(new Set(['v1', 'v2']));
    });
  });
});
