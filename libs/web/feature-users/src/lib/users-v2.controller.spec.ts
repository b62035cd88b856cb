import { Test } from '@nestjs/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThroughProxy } from '@bff/gateway-upstream';
import { UsersV2Controller } from './users-v2.controller';

class RecordingProxy {
  readonly calls: { service: string; request: FastifyRequest; reply: FastifyReply; path: string }[] = [];

  async forward(service: string, request: FastifyRequest, reply: FastifyReply, path: string): Promise<void> {
    this.calls.push({ service, request, reply, path });
  }
}

describe('UsersV2Controller', () => {
  let controller: UsersV2Controller;
  let proxy: RecordingProxy;

  beforeEach(async () => {
    proxy = new RecordingProxy();
    const moduleRef = await Test.createTestingModule({ controllers: [UsersV2Controller], providers: [PassThroughProxy] })
      .overrideProvider(PassThroughProxy)
      .useValue(proxy)
      .compile();
    controller = moduleRef.get(UsersV2Controller);
  });

  it.each([
    ['/api/v2/users/u-1/x?q=1', '/users/u-1/x?q=1'],
    ['/api/v2/users?limit=2', '/users?limit=2'],
    ['/api/v2/users', '/users'],
    ['/api/v2/users/u-1?next=/api/v2/users/u-2', '/users/u-1?next=/api/v2/users/u-2'],
  ])('relays %s to the users service as %s', async (url, path) => {
    const request = { url } as FastifyRequest;
    const reply = {} as FastifyReply;
    await controller.relay(request, reply);
    expect(proxy.calls).toEqual([{ service: 'users', request, reply, path }]);
  });

  it('relays a user file route the same way', async () => {
    const request = { url: '/api/v2/users/u-1/files/f-1?v=2' } as FastifyRequest;
    const reply = {} as FastifyReply;
    await controller.relayFiles(request, reply);
    expect(proxy.calls).toEqual([{ service: 'users', request, reply, path: '/users/u-1/files/f-1?v=2' }]);
  });
});
