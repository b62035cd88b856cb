import { All, Controller, Req, Res, UnsupportedMediaTypeException, UseInterceptors } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RenameFieldsInterceptor } from '@bff/gateway-interceptors';
import { JsonClient } from '@bff/gateway-upstream';

const PREFIX = '/api/v1/users';

function jsonBodyOf(request: FastifyRequest): unknown {
  const body = request.body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) return undefined;
    throw new UnsupportedMediaTypeException({ detail: 'The v1 users API accepts JSON bodies only.' });
  }
  return body ?? undefined;
}

/**
 * `ANY /api/v1/users/<rest>`: the v2 pass-through in the v1 shape. The service's `username` is
 * `user_name` for v1 clients, in both directions; path and query are kept as they are.
 */
@Controller('api/v1/users')
export class UsersV1Controller {
  constructor(private readonly json: JsonClient) {}

  @All(['', '*'])
  @UseInterceptors(RenameFieldsInterceptor({ username: 'user_name' }))
  async relay(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const path = `/users${request.url.slice(PREFIX.length)}`;
    const { status, body } = await this.json.send('users', { method: request.method, path, body: jsonBodyOf(request) }, request);
    void reply.status(status);
    return body;
  }
}
