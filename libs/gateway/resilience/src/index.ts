/**
 * @bff/gateway-resilience: circuit breakers (opossum), retries with backoff and a budget, deadlines.
 * Reserved in the workspace layout; its first exports land with the issue that builds it.
 */
export {};
