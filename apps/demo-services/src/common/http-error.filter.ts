import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ErrorResponse } from '@bff/contracts';
import { FastifyReply } from 'fastify';

/** Renders every error as `{ message }`; unexpected errors become a logged 500. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, message] = this.describe(exception);
    const body: ErrorResponse = { message };
    reply.status(status).send(body);
  }

  private describe(exception: unknown): [number, string] {
    if (exception instanceof HttpException) {
      return [exception.getStatus(), exception.message];
    }
    if (isClientError(exception)) {
      return [exception.statusCode, exception.message];
    }
    this.logger.error(exception);
    return [HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error'];
  }
}

/** Fastify's own request errors (e.g. malformed JSON) carry a 4xx `statusCode`. */
function isClientError(
  error: unknown,
): error is Error & { statusCode: number } {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return (
    error instanceof Error &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}
