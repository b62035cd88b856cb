import { ArgumentsHost, BadGatewayException, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isUpstreamTransportError } from '@bff/gateway-upstream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemBody, toProblem } from './problem';

/** The path part of a request URL, used as a problem's `instance`. */
export function instanceOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Answers `exception` as `application/problem+json` with the request id: the filter's answer,
 * also for failures met before Nest's pipeline (a fresh cache hit over its rate limit).
 * Unexpected errors are logged with their stack and answered with a generic 500.
 */
export function answerProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const problem = toProblem(isUpstreamTransportError(exception) ? new BadGatewayException() : exception);
  if (problem.status >= 500 && !(exception instanceof HttpException)) {
    logger.error(`request ${request.id} failed`, (exception as Error)?.stack ?? String(exception));
  }
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  void reply
    .status(problem.status)
    .headers(problem.headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemBody(problem, instanceOf(request.url), request.id));
}

/**
 * The one place where failures become answers: every exception, from any lib, guard or Fastify
 * itself, is answered as `application/problem+json` with the request id ({@link answerProblem}).
 * A service's malformed answer, found while its body is relayed, is logged too and answered 502.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    answerProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
