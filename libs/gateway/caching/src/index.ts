/**
 * @bff/gateway-caching: response caching: memory and Redis stores, stale-while-revalidate, request coalescing, invalidation.
 * Reserved in the workspace layout; its first exports land with the issue that builds it.
 */
export {};
