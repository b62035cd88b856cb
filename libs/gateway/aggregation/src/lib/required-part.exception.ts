import { HttpException, HttpStatus } from '@nestjs/common';
import { PartFailureReason } from './part-failure';

/**
 * A required part of an aggregated answer failed, so the whole answer fails: 504 when the part
 * timed out, 502 otherwise. The problem names the part in `detail` and in `errors`.
 */
export class RequiredPartException extends HttpException {
  constructor(
    readonly part: string,
    readonly reason: PartFailureReason,
  ) {
    const timeout = reason === 'timeout';
    super(
      {
        type: 'urn:bff:problem:required-part-failed',
        title: timeout ? 'Gateway Timeout' : 'Bad Gateway',
        detail: `The ${part} part of this answer could not be loaded.`,
        errors: [{ part, reason }],
      },
      timeout ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY,
    );
  }
}
