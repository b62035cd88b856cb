import { Logger } from '@nestjs/common';
import { GatewayMetrics } from '@bff/gateway-observability';
import { BREAKER_STATE_VALUE, BreakerOptions, ServiceBreaker } from '@bff/gateway-resilience';

/** Breaker knobs when none are configured: 10 calls, 50 %, 10 s. */
export const DEFAULT_BREAKER: BreakerOptions = { volume: 10, errorPercent: 50, resetMs: 10_000 };

const logger = new Logger('Upstream');

/**
 * The circuit breaker of one service, HTTP or gRPC alike: reported as
 * `circuit_breaker_state{service}` (0 from the start) and every transition logged.
 */
export function reportedBreaker<A, R>(
  service: string,
  options: BreakerOptions,
  action: (argument: A) => Promise<R>,
  isFailure: (answer: R) => boolean,
  metrics: GatewayMetrics,
): ServiceBreaker<A, R> {
  metrics.circuitBreakerState.set({ service }, BREAKER_STATE_VALUE.closed);
  return new ServiceBreaker<A, R>(options, action, isFailure, (to) => {
    metrics.circuitBreakerState.set({ service }, BREAKER_STATE_VALUE[to]);
    const message = `${service} circuit breaker is now ${to}`;
    if (to === 'closed') logger.log(message);
    else logger.warn(message);
  });
}
