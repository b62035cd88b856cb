import { HttpException, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StaticServiceRegistry } from '@bff/gateway-discovery';
import { GatewayMetrics } from '@bff/gateway-observability';
import { PolicyBalancer } from '@bff/gateway-resilience';
import { FakeUpstream } from '@bff/gateway-testing';
import { JsonClient } from './json.client';
import { UpstreamClient } from './upstream.client';

describe('JsonClient', () => {
  let users: FakeUpstream;
  let upstream: UpstreamClient;
  let json: JsonClient;
  const origin = (headers: Record<string, string> = {}) =>
    ({ id: 'req-1', headers, socket: { remoteAddress: '10.0.0.7' }, protocol: 'http', routeOptions: { config: {} } }) as unknown as FastifyRequest;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    users = await FakeUpstream.start();
    const registry = new StaticServiceRegistry({ users: [users.url] });
    const options = { client: 'web', timeoutMs: 2_000 };
    upstream = new UpstreamClient(registry, new PolicyBalancer(registry), new GatewayMetrics('web'), options);
    json = new JsonClient(upstream, options);
  });

  afterAll(async () => {
    await upstream.onApplicationShutdown();
    await users.close();
  });

  beforeEach(() => users.requests.splice(0));

  it('answers the JSON of the service', async () => {
    users.handler = () => ({ status: 200, body: { id: 'u-1' } });
    expect(await json.get('users', '/users/u-1', origin())).toEqual({ id: 'u-1' });
    expect(users.requests[0].headers).toMatchObject({ accept: 'application/json', 'x-client': 'web', 'x-request-id': 'req-1' });
  });

  it('answers the fallback when the service fails, with the failure it replaces', async () => {
    users.handler = () => ({ status: 503 });
    const failures: number[] = [];
    const answer = await json.get('users', '/users/u-1', origin(), {
      fallback: (error) => {
        failures.push(error.getStatus());
        return { id: 'cached' };
      },
    });
    expect(answer).toEqual({ id: 'cached' });
    expect(failures).toEqual([502]);
  });

  it('never replaces a 4xx answer by the fallback', async () => {
    users.handler = () => ({ status: 404, body: { message: 'no such user' } });
    const error = await json.get('users', '/users/u-9', origin(), { fallback: () => ({ id: 'cached' }) }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(404);
  });

  it('shares one deadline between the calls of a request, capped by its x-request-deadline-ms', async () => {
    users.handler = () => ({ status: 200, body: {} });
    const request = origin({ 'x-request-deadline-ms': '800' });
    await json.get('users', '/a', request);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await json.get('users', '/b', request);
    const [first, second] = users.requests.map((seen) => Number(seen.headers['x-request-deadline-ms']));
    expect(first).toBeLessThanOrEqual(800);
    expect(second).toBeLessThan(first);
  });

  it('forwards the client x-canary header', async () => {
    users.handler = () => ({ status: 200, body: {} });
    await json.get('users', '/a', origin({ 'x-canary': '1' }));
    expect(users.requests[0].headers['x-canary']).toBe('1');
  });
});
