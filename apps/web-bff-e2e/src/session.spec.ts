import { decode } from 'jsonwebtoken';
import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

describe('web-bff: cookie sessions with CSRF defence', () => {
  let users: FakeUpstream;
  let bff: RunningBff;
  let cookies: string;
  let csrfToken: string;

  beforeAll(async () => {
    users = await FakeUpstream.start(() => ({ status: 200, body: { ok: true } }));
    bff = await startBff('web-bff', { UPSTREAM_USERS: users.url, CORS_ORIGINS: 'https://app.example.com' });
    const token = mintToken({ sub: 'u-7', ttl: '10m' });
    const exp = Number((decode(token, { json: true }) ?? {}).exp);
    const sentAt = Date.now() / 1000;
    const opened = await fetch(`${bff.url}/api/v1/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const answeredAt = Date.now() / 1000;
    expect(opened.status).toBe(201);
    const body = (await opened.json()) as { csrfToken: string; expiresAt: string };
    csrfToken = body.csrfToken;
    expect(body.expiresAt).toBe(new Date(exp * 1000).toISOString());
    const setCookies = opened.headers.getSetCookie();
    expect(setCookies).toEqual([
      expect.stringMatching(/^bff_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; Secure; SameSite=Strict; HttpOnly$/),
      expect.stringMatching(new RegExp(`^bff_session_csrf=${csrfToken}; Path=/; Max-Age=\\d+; Secure; SameSite=Strict$`)),
    ]);
    // The cookies live as long as the bearer token still had to live when the BFF answered.
    for (const cookie of setCookies) {
      const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
      expect(maxAge).toBeGreaterThanOrEqual(Math.floor(exp - answeredAt));
      expect(maxAge).toBeLessThanOrEqual(Math.floor(exp - sentAt));
    }
    cookies = setCookies.map((cookie) => cookie.split(';')[0]).join('; ');
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  beforeEach(() => (users.requests.length = 0));

  it('authenticates a safe request by the session cookie alone', async () => {
    const response = await fetch(`${bff.url}/api/v2/users/u-7`, { headers: { cookie: `theme=dark; ${cookies}` } });
    expect(response.status).toBe(200);
    expect(users.requests[0].headers['x-user-id']).toBe('u-7');
    expect(users.requests[0].headers['cookie']).toBe('theme=dark');
  });

  it.each([
    ['no Origin', {}],
    ['a foreign Origin', { origin: 'https://evil.example', 'x-csrf-token': 'anything' }],
    ['a trusted Origin without the CSRF header', { origin: 'https://app.example.com' }],
    ['a trusted Origin with a wrong CSRF header', { origin: 'https://app.example.com', 'x-csrf-token': 'guess' }],
  ])('refuses an unsafe cookie request with %s: 403, nothing upstream', async (_, headers: Record<string, string>) => {
    const response = await fetch(`${bff.url}/api/v2/users/u-7`, { method: 'PATCH', headers: { cookie: cookies, ...headers }, body: '{}' });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(users.requests).toHaveLength(0);
  });

  it('accepts an unsafe cookie request from a trusted origin with the double-submit token', async () => {
    const response = await fetch(`${bff.url}/api/v2/users/u-7`, {
      method: 'PATCH',
      headers: { cookie: cookies, origin: 'https://app.example.com', 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: '{"name":"Grace"}',
    });
    expect(response.status).toBe(200);
    expect(users.requests[0].body.toString()).toBe('{"name":"Grace"}');
  });

  it('will not open a session from a cookie', async () => {
    const response = await fetch(`${bff.url}/api/v1/session`, {
      method: 'POST',
      headers: { cookie: cookies, origin: new URL(bff.url).origin, 'x-csrf-token': csrfToken },
    });
    expect(response.status).toBe(400);
  });

  it('ends the session by expiring both cookies', async () => {
    const response = await fetch(`${bff.url}/api/v1/session`, {
      method: 'DELETE',
      headers: { cookie: cookies, origin: 'https://app.example.com', 'x-csrf-token': csrfToken },
    });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().every((cookie) => cookie.includes('Max-Age=0'))).toBe(true);
  });
});
