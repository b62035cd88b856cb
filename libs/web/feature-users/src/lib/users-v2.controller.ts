import { All, Controller, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThroughProxy } from '@bff/gateway-upstream';

const PREFIX = '/api/v2/users';

/** `ANY /api/v2/users/<rest>`: relayed to the users service as `/users/<rest>`, query and body unchanged. */
@Controller('api/v2/users')
export class UsersV2Controller {
  constructor(private readonly proxy: PassThroughProxy) {}

  @All(['', '*'])
  @RouteConfig({ passThrough: true })
  relay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward('users', request, reply, `/users${request.url.slice(PREFIX.length)}`);
  }
}
