import { HttpException, HttpStatus } from '@nestjs/common';
import { errors } from 'undici';

/** 502: no instance of the service could be reached. */
export class UpstreamUnavailableException extends HttpException {
  constructor(readonly service: string) {
    super(
      { title: 'Bad Gateway', detail: `The ${service} service is unavailable.`, type: 'urn:bff:problem:upstream-unavailable' },
      HttpStatus.BAD_GATEWAY,
    );
  }
}

/** 504: the service did not answer within the request's time. */
export class UpstreamTimeoutException extends HttpException {
  constructor(readonly service: string) {
    super(
      { title: 'Gateway Timeout', detail: `The ${service} service did not answer in time.`, type: 'urn:bff:problem:upstream-timeout' },
      HttpStatus.GATEWAY_TIMEOUT,
    );
  }
}

/**
 * The service answered with an error. A 4xx keeps its status (its message becomes the detail when
 * it is one short line); a 5xx becomes 502. The upstream's body is never relayed as it is.
 */
export class UpstreamErrorException extends HttpException {
  constructor(
    readonly service: string,
    readonly upstreamStatus: number,
    message?: string,
  ) {
    const clientError = upstreamStatus >= 400 && upstreamStatus < 500;
    super(
      clientError
        ? { detail: message ?? `The ${service} service refused the request.` }
        : { title: 'Bad Gateway', detail: `The ${service} service failed.`, type: 'urn:bff:problem:upstream-error' },
      clientError ? upstreamStatus : HttpStatus.BAD_GATEWAY,
    );
  }
}

/** 503: the service's circuit breaker is open; nothing was sent. `Retry-After` says when it half-opens. */
export class CircuitOpenException extends HttpException {
  constructor(
    readonly service: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      {
        title: 'Service Unavailable',
        detail: `The ${service} service is failing: retry after ${retryAfterSeconds} s.`,
        type: 'urn:bff:problem:circuit-open',
        headers: { 'retry-after': String(retryAfterSeconds) },
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

/** 503: the service already has as many calls in flight as the BFF allows; refused at once. */
export class BulkheadFullException extends HttpException {
  constructor(readonly service: string) {
    super(
      {
        title: 'Service Unavailable',
        detail: `The ${service} service is busy: retry shortly.`,
        type: 'urn:bff:problem:bulkhead-full',
        headers: { 'retry-after': '1' },
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

/**
 * Whether an error comes from the HTTP client talking to a service (a malformed answer, a reset
 * while a body was relayed), so the edge answers 502 for it instead of 500.
 */
export function isUpstreamTransportError(error: unknown): boolean {
  return error instanceof errors.HTTPParserError || error instanceof errors.UndiciError;
}
