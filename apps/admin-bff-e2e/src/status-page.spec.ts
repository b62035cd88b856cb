import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

// What the browser receives and the data calls the page makes, over HTTP; the page itself runs in
// headless Chromium in status-page.browser.spec.ts.
describe('admin-bff: GET /status', () => {
  let users: FakeUpstream;
  let bff: RunningBff;

  beforeAll(async () => {
    users = await FakeUpstream.start();
    bff = await startBff('admin-bff', { UPSTREAM_USERS: users.url });
  });

  afterAll(async () => {
    await bff.process.stop();
    await users.close();
  });

  it('serves the page without a token, holding no data, with a token form and its script', async () => {
    const response = await fetch(`${bff.url}/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<form id="login"');
    expect(html).toContain('type="password"');
    expect(html).toContain('<script src="/status/status.js"></script>');
    expect(html).not.toContain(users.url);
    expect(html).not.toMatch(/<script>[^<]/);
  });

  it('serves the script, which keeps the token in sessionStorage, calls the services overview and refreshes', async () => {
    const response = await fetch(`${bff.url}/status/status.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await response.text();
    expect(script).toContain('sessionStorage.setItem');
    expect(script).toContain("fetch('/api/v1/admin/services'");
    expect(script).toContain('setTimeout(refresh, 5000)');
    expect(() => new Function(script)).not.toThrow();
  });

  it('lets the page load its data only with an admin token', async () => {
    const anonymous = await fetch(`${bff.url}/api/v1/admin/services`);
    const user = await fetch(`${bff.url}/api/v1/admin/services`, { headers: { authorization: `Bearer ${mintToken({ sub: 'u-1' })}` } });
    const admin = await fetch(`${bff.url}/api/v1/admin/services`, {
      headers: { authorization: `Bearer ${mintToken({ sub: 'u-2', roles: ['admin'] })}` },
    });
    expect([anonymous.status, user.status, admin.status]).toEqual([401, 403, 200]);
    const { services } = (await admin.json()) as { services: { name: string; instances: unknown[] }[] };
    expect(services.find((service) => service.name === 'users')?.instances).toHaveLength(1);
  });
});

describe('admin-bff: GET /docs', () => {
  it('serves the OpenAPI UI and document publicly', async () => {
    const bff = await startBff('admin-bff');
    try {
      const ui = await fetch(`${bff.url}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('<div id="swagger-ui">');
      const document = (await (await fetch(`${bff.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toContain('/api/v1/admin/services');
      expect(Object.keys(document.paths)).not.toContain('/status');
    } finally {
      await bff.process.stop();
    }
  });
});
