import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** An RFC 9457 problem, plus the request id and headers the answer must carry. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: unknown[];
  headers: Record<string, string>;
}

/** The body of the gateway's own exceptions: `detail` is written for clients and safe to show. */
export interface ProblemResponse {
  type?: string;
  title?: string;
  detail?: string;
  errors?: unknown[];
  headers?: Record<string, string>;
}

/** Problem media type (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const GENERIC_DETAIL: Record<number, string> = {
  400: 'The request is malformed.',
  401: 'Authentication is required.',
  403: 'Access to this resource is forbidden.',
  404: 'No resource matches this path.',
  405: 'This method is not allowed here.',
  408: 'The request took too long to arrive.',
  413: 'The request body is too large.',
  414: 'The request URI is too long.',
  415: 'The request body has an unsupported media type.',
  429: 'Too many requests.',
  431: 'The request headers are too large.',
  500: 'An unexpected error occurred.',
  502: 'An upstream service failed.',
  503: 'The service is unavailable.',
  504: 'An upstream service did not answer in time.',
};

const isProblemResponse = (value: unknown): value is ProblemResponse =>
  typeof value === 'object' && value !== null && typeof (value as ProblemResponse).detail === 'string';

/** The status of any thrown value: an HttpException's, a Fastify error's 4xx/5xx, else 500. */
export function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 599 ? statusCode : 500;
}

/**
 * Maps anything thrown to a problem. Only the gateway's own exceptions (whose response carries a
 * `detail`) contribute text; everything else gets the generic detail of its status, so no library
 * message, stack, host name or upstream URL can reach a client.
 */
export function toProblem(exception: unknown): Problem {
  const status = statusOf(exception);
  const own = exception instanceof HttpException ? exception.getResponse() : undefined;
  const response: ProblemResponse = isProblemResponse(own) ? own : {};
  return problemOf(status, response);
}

/** A problem of the given status, with the generic title/detail for anything `response` leaves out. */
export function problemOf(status: number, response: ProblemResponse = {}): Problem {
  return {
    type: response.type ?? 'about:blank',
    title: response.title ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail: response.detail ?? GENERIC_DETAIL[status] ?? GENERIC_DETAIL[status >= 500 ? 500 : 400],
    ...(response.errors ? { errors: response.errors } : {}),
    headers: response.headers ?? {},
  };
}

/** The JSON body of a problem for a request. */
export function problemBody(problem: Problem, instance: string, requestId: string): string {
  const { type, title, status, detail, errors } = problem;
  return JSON.stringify({ type, title, status, detail, ...(errors ? { errors } : {}), instance, requestId });
}
