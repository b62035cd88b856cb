import { AppProcess, freePort } from './app-process';
import { FakeUpstream } from './fake-upstream';
import { CLOSED_UPSTREAM, RunningBff, startBff } from './bff-harness';
import { rawRequest } from './raw-request';
import { rawExchange } from './raw-socket';

/** What the common contract suite needs to know about one BFF. */
export interface BffContractOptions {
  /** App name, e.g. `web-bff`. */
  app: string;
  /** `UPSTREAM_*` variables of the services the BFF requires to be ready. */
  requiredUpstreams: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The part of the outside contract every BFF shares (CONTRACT sections 2-4): probes, the
 * management port, request ids, problem+json for unknown routes and unsafe paths, start-up
 * validation of the environment, and a clean exit on SIGTERM. Call inside a spec file.
 */
export function describeBffContract(options: BffContractOptions): void {
  describe(`${options.app}: common contract`, () => {
    let upstream: FakeUpstream;
    let bff: RunningBff;

    beforeAll(async () => {
      upstream = await FakeUpstream.start();
      bff = await startBff(options.app, {
        ...Object.fromEntries(options.requiredUpstreams.map((name) => [name, upstream.url])),
        CORS_ORIGINS: 'https://app.example.com',
        USER_AGENT_DENY: 'EvilBot,sqlmap',
      });
    });

    afterAll(async () => {
      await bff?.process.stop();
      await upstream?.close();
    });

    it('serves liveness and readiness on the public and the management port', async () => {
      for (const base of [bff.url, bff.managementUrl]) {
        expect((await fetch(`${base}/health/live`)).status).toBe(200);
        const ready = await fetch(`${base}/health/ready`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ status: 'ok' });
      }
    });

    it('serves /metrics on the management port only', async () => {
      const metrics = await fetch(`${bff.managementUrl}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain('http_server_request_duration_seconds_bucket');
      expect(text).toContain('route="/health/live"');
      expect(text).toContain('process_resident_memory_bytes');
      const onPublic = await fetch(`${bff.url}/metrics`);
      expect(onPublic.status).toBe(404);
      expect(onPublic.headers.get('content-type')).toContain('application/problem+json');
    });

    it("starts with V8's young generation at most 16 MiB (its main.ts imports @bff/gateway-edge/v8 first; V8 alone takes 32 while the app loads)", async () => {
      const text = await (await fetch(`${bff.managementUrl}/metrics`)).text();
      const newSpace = /^nodejs_heap_space_size_total_bytes\{space="new"[^}]*\} (\d+)$/m.exec(text);
      expect(newSpace).not.toBeNull();
      expect(Number(newSpace?.[1])).toBeLessThanOrEqual(16 * 1024 * 1024);
    });

    it('keeps a well-formed x-request-id and replaces anything else', async () => {
      const kept = await fetch(`${bff.url}/health/live`, { headers: { 'x-request-id': 'client.trace-42_A' } });
      expect(kept.headers.get('x-request-id')).toBe('client.trace-42_A');
      for (const bad of ['has space', 'a'.repeat(129), 'semi;colon']) {
        const replaced = await fetch(`${bff.url}/health/live`, { headers: { 'x-request-id': bad } });
        expect(replaced.headers.get('x-request-id')).toMatch(UUID);
      }
      const fresh = await fetch(`${bff.url}/health/live`);
      expect(fresh.headers.get('x-request-id')).toMatch(UUID);
    });

    it('answers an unknown route with a 404 problem carrying the request id', async () => {
      const response = await fetch(`${bff.url}/no/such/route?x=1`, { headers: { 'x-request-id': 'req-404' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: expect.any(String),
        instance: '/no/such/route',
        requestId: 'req-404',
      });
    });

    it("sends OWASP's security headers for API answers: nothing loads from an answer, no page frames it", async () => {
      for (const path of ['/health/live', '/no/such/route']) {
        const response = await fetch(`${bff.url}${path}`);
        expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
        expect(response.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('lets its OpenAPI page load its own scripts and styles, and only its own', async () => {
      const page = await fetch(`${bff.url}/docs`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'self'");
      expect((await fetch(`${bff.url}/docs-json`)).headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    });

    it('allows CORS for listed origins only, never reflecting another', async () => {
      const preflight = (origin: string) =>
        fetch(`${bff.url}/health/live`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      const allowed = await preflight('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      const refused = await preflight('https://evil.example.com');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses denied user agents with 403 but still answers their probes', async () => {
      const refused = await fetch(`${bff.url}/no/such/route`, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; EvilBot/2.1)' } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await fetch(`${bff.url}/health/live`, { headers: { 'user-agent': 'sqlmap/1.7' } })).status).toBe(200);
    });

    it('answers 431 to oversized headers', async () => {
      const response = await rawRequest(bff.url, { path: '/health/live', headers: { 'x-padding': 'a'.repeat(20_000) } });
      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(response.body.toString())).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
    });

    it.each([
      ['Content-Length with Transfer-Encoding', 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
      ['two different Content-Lengths', 'Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde'],
      ['an obfuscated Transfer-Encoding', 'Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n'],
      ['a bare LF header line', 'X-A: 1\nContent-Length: 0\r\n\r\n'],
    ])('refuses a request with %s (400, nothing upstream)', async (_, rest) => {
      const answer = await rawExchange(bff.url, `POST /api/v2/users/u-1 HTTP/1.1\r\nHost: bff\r\n${rest}`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 [^]*application\/problem\+json/);
      expect(upstream.requests).toHaveLength(0);
    });

    it.each(['/api/v2/users/..%2f..%2fapi/v1/admin/services', '/api/v2/users/..;/..;/api/v1/admin/services', '/api/%2e%2e/x', '/a//b', '/a/%5cb', '/a/%00', '/a/./b'])(
      'refuses the unsafe path %s with 400',
      async (path) => {
        const response = await rawRequest(bff.url, { path });
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(upstream.requests).toHaveLength(0);
      },
    );
  });

  describe(`${options.app}: start-up and shutdown`, () => {
    it('reports not ready (503) while a required service has no healthy instance', async () => {
      const bff = await startBff(options.app, Object.fromEntries(options.requiredUpstreams.map((name) => [name, CLOSED_UPSTREAM])));
      try {
        const ready = await fetch(`${bff.url}/health/ready`);
        expect(ready.status).toBe(503);
        expect((await fetch(`${bff.managementUrl}/health/ready`)).status).toBe(503);
        expect((await fetch(`${bff.url}/health/live`)).status).toBe(200);
      } finally {
        await bff.process.stop();
      }
    });

    it('says at start that it runs on the development secret, and exits 0 on SIGTERM', async () => {
      const bff = await startBff(options.app);
      expect(await bff.process.stop()).toBe(0);
      expect(bff.process.output).toContain('Using the public development JWT secret: for development only');
    });

    it('keeps quiet about the development secret when given its own', async () => {
      const bff = await startBff(options.app, { JWT_SECRET: 'an-operator-secret-of-at-least-32-chars' });
      expect(await bff.process.stop()).toBe(0);
      expect(bff.process.output).not.toContain('development JWT secret');
    });

    it('refuses to start on a port another server holds: a line naming it, exit 1, and that server is not taken for it', async () => {
      const holder = await FakeUpstream.start();
      const port = new URL(holder.url).port;
      const child = AppProcess.spawn(options.app, { HOST: '127.0.0.1', PORT: port, MANAGEMENT_PORT: String(await freePort()) });
      try {
        await expect(child.ready(`${holder.url}/health/live`)).rejects.toThrow(/EADDRINUSE/);
        expect(await child.exit()).toBe(1);
        expect(child.output.split('\n')).toContain(`${options.app}: cannot listen: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
        expect(holder.requests.length).toBeGreaterThan(0);
      } finally {
        await child.stop();
        await holder.close();
      }
    });

    it.each([
      [{ PORT: 'abc' }, 'PORT'],
      [{ RATE_LIMIT: 'lots' }, 'RATE_LIMIT'],
      [{ UPSTREAM_USERS: 'not a url' }, 'UPSTREAM_USERS'],
      [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    ])('refuses to start with %j: one line naming %s, exit 1', async (env, variable) => {
      const child = AppProcess.spawn(options.app, env as Record<string, string>);
      expect(await child.exit()).toBe(1);
      const lines = child.output.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(lines[0]).not.toMatch(/\bat \w|Error:/);
    });
  });
}
