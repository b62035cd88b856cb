export { FailFastRedisOptions, createFailFastRedis, waitForFirstConnection } from './lib/fail-fast-redis';
export { withinTimeout } from './lib/within-timeout';
