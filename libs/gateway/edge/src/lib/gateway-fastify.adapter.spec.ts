import { All, Controller, Req } from '@nestjs/common';
import { NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { installBodyParsers } from './body-parsers';
import { GatewayFastifyAdapter } from './gateway-fastify.adapter';

const seen = (request: FastifyRequest) => ({
  passThrough: request.routeOptions.config.passThrough ?? false,
  stream: request.body instanceof Readable,
});

@Controller()
class RelayController {
  @All('x')
  @RouteConfig({ passThrough: true })
  relay(@Req() request: FastifyRequest) {
    if (request.body instanceof Readable) request.body.resume();
    return seen(request);
  }

  @All(['users', 'users/*'])
  @RouteConfig({ passThrough: true })
  users(@Req() request: FastifyRequest) {
    return this.relay(request);
  }

  @All(['files/:id', 'files/:id/*'])
  @RouteConfig({ passThrough: true })
  files(@Req() request: FastifyRequest<{ Params: { id: string } }>) {
    return { ...this.relay(request), id: request.params.id };
  }

  @All('plain')
  plain(@Req() request: FastifyRequest) {
    return seen(request);
  }
}

describe('GatewayFastifyAdapter', () => {
  let app: NestFastifyApplication;
  let fastify: FastifyInstance;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [RelayController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new GatewayFastifyAdapter(), { logger: false, bodyParser: false });
    fastify = app.getHttpAdapter().getInstance();
    installBodyParsers(fastify);
    await app.init();
    await fastify.ready();
  });

  afterAll(() => app.close());

  it.each(['GET', 'POST', 'PUT', 'DELETE'] as const)('keeps @RouteConfig on an @All route for %s', async (method) => {
    const response = await fastify.inject({ method, url: '/x' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ passThrough: true });
  });

  it.each([
    ['GET', '/users?limit=2'],
    ['POST', '/users/u-1/preferences'],
  ] as const)('keeps it on @All routes with a wildcard: %s %s', async (method, url) => {
    const response = await fastify.inject({ method, url, headers: { 'content-type': 'text/plain' }, payload: method === 'POST' ? 'x' : undefined });
    expect(response.json()).toEqual({ passThrough: true, stream: method === 'POST' });
  });

  it.each([
    ['GET', '/files/f-1'],
    ['POST', '/files/f-1/parts/2'],
  ] as const)('keeps it on @All routes with a parameter, which still reaches the handler: %s %s', async (method, url) => {
    const response = await fastify.inject({ method, url, headers: { 'content-type': 'text/plain' }, payload: method === 'POST' ? 'x' : undefined });
    expect(response.json()).toEqual({ passThrough: true, stream: method === 'POST', id: 'f-1' });
  });

  it('so the body of an @All pass-through route arrives unparsed, while other @All routes parse it', async () => {
    const payload = '{"__proto__":{"admin":true}}';
    const headers = { 'content-type': 'application/json' };
    const relayed = await fastify.inject({ method: 'POST', url: '/x', headers, payload });
    expect(relayed.json()).toEqual({ passThrough: true, stream: true });
    const plain = await fastify.inject({ method: 'POST', url: '/plain', headers, payload: '{"a":1}' });
    expect(plain.json()).toEqual({ passThrough: false, stream: false });
  });
});
