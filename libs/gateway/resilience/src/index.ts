export { backoffDelay, BackoffOptions } from './lib/backoff';
export {
  Balancer,
  BalancingStrategy,
  CanaryOptions,
  inCanary,
  InjectBalancer,
  PickOptions,
  PolicyBalancer,
  PolicyBalancerOptions,
} from './lib/balancer';
export { Bulkhead } from './lib/bulkhead';
export { DEADLINE_HEADER, deadlineOf } from './lib/deadline';
export { InstanceStats, isEjected, statsOf } from './lib/instance-stats';
export { OutlierDetector, OutlierOptions } from './lib/outlier-detector';
export { RetryBudget, RetryBudgetOptions } from './lib/retry-budget';
export { BREAKER_STATE_VALUE, BreakerOpenError, BreakerOptions, BreakerState, ServiceBreaker } from './lib/service-breaker';
