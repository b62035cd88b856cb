import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { FakeUpstream, mintToken, RunningBff, startBff } from '@bff/gateway-testing';

// The status page as an operator uses it, and the OpenAPI UI, in Debian's headless Chromium driven by playwright-core.
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(__dirname, '../../..', 'dist/admin-bff-e2e/status-page.png');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const STORED_TOKEN = "sessionStorage.getItem('bff-admin-token')";

jest.setTimeout(60_000);

describe('admin-bff: GET /status and GET /docs in headless Chromium', () => {
  const upstreams: Record<'users' | 'orders' | 'products', FakeUpstream | undefined> = { users: undefined, orders: undefined, products: undefined };
  const contexts: BrowserContext[] = [];
  let bff: RunningBff | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Headless Chromium is missing (${CHROMIUM}); this test needs it. Install it as root with ` +
          '`bash tools/browser/ensure-chromium.sh` (Debian: `apt-get install chromium`); `.ci/run` does so itself.',
      );
    }
    const [users, orders, products] = await Promise.all([FakeUpstream.start(), FakeUpstream.start(), FakeUpstream.start()]);
    Object.assign(upstreams, { users, orders, products });
    bff = await startBff('admin-bff', { UPSTREAM_USERS: users.url, UPSTREAM_ORDERS: orders.url, UPSTREAM_PRODUCTS: products.url });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await bff?.process.stop();
    await Promise.all(Object.values(upstreams).map((upstream) => upstream?.close()));
  });

  /** A fresh browser session (its own sessionStorage) on one of the BFF's pages. */
  async function openPage(path: string): Promise<Page> {
    const context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(context);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${(bff as RunningBff).url}${path}`);
    return page;
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.getByLabel('Admin token').fill(token);
    await page.getByRole('button', { name: 'Show status' }).click();
  }

  function rowOf(page: Page, service: string): Locator {
    return page.locator('#services tr').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${service}$`) }) });
  }

  async function messageOnceItReads(page: Page, text: string): Promise<string | null> {
    const message = page.locator('#message', { hasText: text });
    await message.waitFor();
    return message.textContent();
  }

  it('asks for a token, then shows every service with its instance health and circuit state, keeping the token in sessionStorage', async () => {
    const page = await openPage('/status');
    expect(await messageOnceItReads(page, 'An admin token is needed.')).toBe('An admin token is needed.');
    expect(await page.locator('#status').isHidden()).toBe(true);

    const token = mintToken({ sub: 'admin-1', roles: ['admin'] });
    await signIn(page, token);
    await rowOf(page, 'users').locator('td.up').waitFor();

    expect(await page.locator('#services tr td:first-child').allTextContents()).toEqual(expect.arrayContaining(['users', 'orders', 'products']));
    const [name, instance, health, details] = await rowOf(page, 'users').locator('td').allTextContents();
    expect({ name, health }).toEqual({ name: 'users', health: 'up' });
    expect(instance).not.toBe('-');
    expect(details).toContain('breaker: closed');
    expect(details).toContain(`origin: ${upstreams.users?.url}`);
    expect(await page.locator('#login').isHidden()).toBe(true);
    expect(await page.locator('#updated').textContent()).not.toBe('never');
    expect(await page.evaluate(STORED_TOKEN)).toBe(token);
    expect(await page.getByLabel('Admin token').inputValue()).toBe('');

    rmSync(SCREENSHOT, { force: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(readFileSync(SCREENSHOT).subarray(0, PNG_SIGNATURE.length)).toEqual(PNG_SIGNATURE);
  });

  it('keeps the token over a reload, refreshes itself when an instance goes down, and forgets the token on request', async () => {
    const users = upstreams.users as FakeUpstream;
    const page = await openPage('/status');
    await signIn(page, mintToken({ sub: 'admin-1', roles: ['admin'] }));
    await rowOf(page, 'users').locator('td.up').waitFor();

    await page.reload();
    await rowOf(page, 'users').locator('td.up').waitFor();
    expect(await page.locator('#login').isHidden()).toBe(true);

    users.healthy = false;
    try {
      await rowOf(page, 'users').locator('td.down', { hasText: /^down$/ }).waitFor();
    } finally {
      users.healthy = true;
    }

    await page.getByRole('button', { name: 'Forget token' }).click();
    expect(await page.locator('#login').isVisible()).toBe(true);
    expect(await page.locator('#status').isHidden()).toBe(true);
    expect(await page.evaluate(STORED_TOKEN)).toBeNull();
  });

  it.each([
    ['a token without the admin role', () => mintToken({ sub: 'u-1' }), 'The token has no admin role.'],
    ['a token that is not a valid JWT', () => 'not-a-token', 'The token was refused.'],
  ])('shows an error and no data for %s, and does not keep it', async (_case, token, message) => {
    const page = await openPage('/status');
    await signIn(page, token());

    expect(await messageOnceItReads(page, message)).toBe(message);
    expect(await page.locator('#login').isVisible()).toBe(true);
    expect(await page.locator('#status').isHidden()).toBe(true);
    expect(await page.locator('#services tr').count()).toBe(0);
    expect(await page.evaluate(STORED_TOKEN)).toBeNull();
  });

  it('renders the OpenAPI UI at /docs: its script and styles load under the page\'s content security policy', async () => {
    const page = await openPage('/docs');
    await page.locator('.opblock', { hasText: '/api/v1/admin/services' }).first().waitFor();
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('admin-bff');
  });
});
