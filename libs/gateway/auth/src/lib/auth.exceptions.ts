import { HttpException, HttpStatus } from '@nestjs/common';

/** 401 with `WWW-Authenticate: Bearer` (RFC 6750), and `error="invalid_token"` when a token was sent. */
export class InvalidTokenException extends HttpException {
  constructor(tokenSent: boolean) {
    super(
      {
        title: 'Unauthorized',
        detail: tokenSent ? 'The bearer token is invalid or expired.' : 'A bearer token is required.',
        headers: {
          'www-authenticate': tokenSent ? 'Bearer error="invalid_token"' : 'Bearer',
        },
      },
      HttpStatus.UNAUTHORIZED,
    );
  }
}

/** 403: the caller is known but lacks a required role or scope. */
export class MissingRoleException extends HttpException {
  constructor() {
    super({ title: 'Forbidden', detail: 'The token lacks a role or scope this route requires.' }, HttpStatus.FORBIDDEN);
  }
}
