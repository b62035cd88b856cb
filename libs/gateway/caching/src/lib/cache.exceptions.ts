import { HttpException, HttpStatus } from '@nestjs/common';

/** 400: an invalidation prefix that names no cache entries the gateway could have written. */
export class InvalidCachePrefixException extends HttpException {
  constructor() {
    super(
      {
        type: 'urn:bff:problem:invalid-cache-prefix',
        title: 'Bad Request',
        detail: 'prefix must be a path prefix starting with / or a key prefix starting with bff:cache:, without spaces or * ? [ ] \\.',
      },
      HttpStatus.BAD_REQUEST,
    );
  }
}

/** 503: the cache store could not be reached to invalidate entries. */
export class CacheUnavailableException extends HttpException {
  constructor() {
    super(
      {
        type: 'urn:bff:problem:cache-unavailable',
        title: 'Service Unavailable',
        detail: 'The response cache cannot be reached right now: retry shortly.',
        headers: { 'retry-after': '1' },
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
