/**
 * @bff/gateway-throttling: rate limiting: @nestjs/throttler wiring, the in-process and Redis stores, RateLimit headers.
 * Reserved in the workspace layout; its first exports land with the issue that builds it.
 */
export {};
