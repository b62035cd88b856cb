import { HttpException, HttpStatus } from '@nestjs/common';

/** 429: a policy of the route has no room for this request; carries `Retry-After` and the `RateLimit-*` headers. */
export class RateLimitExceededException extends HttpException {
  constructor(
    readonly policy: string,
    readonly retryAfterSeconds: number,
    headers: Record<string, string> = {},
  ) {
    super(
      {
        type: 'urn:bff:problem:rate-limited',
        title: 'Too Many Requests',
        detail: `Too many requests: retry after ${retryAfterSeconds} s.`,
        headers: { ...headers, 'retry-after': String(retryAfterSeconds) },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** 503: the rate-limit store cannot answer and the BFF fails closed. */
export class RateLimitUnavailableException extends HttpException {
  constructor(readonly retryAfterSeconds = 1) {
    super(
      {
        type: 'urn:bff:problem:rate-limit-unavailable',
        title: 'Service Unavailable',
        detail: 'Requests cannot be counted right now: retry shortly.',
        headers: { 'retry-after': String(retryAfterSeconds) },
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
