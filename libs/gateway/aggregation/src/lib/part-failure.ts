import { HttpException } from '@nestjs/common';
import { UpstreamUnavailableException } from '@bff/gateway-upstream';

/** Why a part of an aggregated answer could not be loaded, as shown to clients. */
export type PartFailureReason = 'unavailable' | 'timeout' | 'circuit_open' | 'error';

/** An optional part that fell back, as listed in `meta.degraded`. */
export interface DegradedPart {
  part: string;
  reason: PartFailureReason;
}

/** The reason of a failure in a few words: the upstream layer's exceptions tell it by type and status. */
export function reasonOf(error: unknown): PartFailureReason {
  if (error instanceof UpstreamUnavailableException) return 'unavailable';
  const status = error instanceof HttpException ? error.getStatus() : 0;
  if (status === 504) return 'timeout';
  if (status === 503) return 'circuit_open';
  return 'error';
}
