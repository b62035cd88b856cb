import { All, Controller, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThroughProxy } from '@bff/gateway-upstream';

const PREFIX = '/api/v2/users';
/** Body limit of a user's files: bodies stream through, so a large limit costs no memory. */
const FILES_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * `ANY /api/v2/users/<rest>`: relayed to the users service as `/users/<rest>`, query and body
 * unchanged (bodies up to the default 1 MiB, or 64 MiB under `/api/v2/users/<id>/files`).
 */
@Controller('api/v2/users')
export class UsersV2Controller {
  constructor(private readonly proxy: PassThroughProxy) {}

  @All(['', '*'])
  @RouteConfig({ passThrough: true })
  relay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward('users', request, reply, `/users${request.url.slice(PREFIX.length)}`);
  }

  /** `ANY /api/v2/users/<id>/files[/<rest>]`: the same relay, for uploads and downloads of up to 64 MiB. */
  @All([':id/files', ':id/files/*'])
  @RouteConfig({ passThrough: true, bodyLimit: FILES_BODY_LIMIT })
  relayFiles(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.relay(request, reply);
  }
}
