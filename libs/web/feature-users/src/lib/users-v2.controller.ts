import { All, Controller, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThroughProxy } from '@bff/gateway-upstream';

const PREFIX = '/api/v2/users';
/** Bodies relayed here stream through, so a large limit costs no memory. */
const BODY_LIMIT = 64 * 1024 * 1024;

/** `ANY /api/v2/users/<rest>`: relayed to the users service as `/users/<rest>`, query and body unchanged (up to 64 MiB, streamed). */
@Controller('api/v2/users')
export class UsersV2Controller {
  constructor(private readonly proxy: PassThroughProxy) {}

  @All(['', '*'])
  @RouteConfig({ passThrough: true, bodyLimit: BODY_LIMIT })
  relay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward('users', request, reply, `/users${request.url.slice(PREFIX.length)}`);
  }
}
