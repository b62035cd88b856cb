export { FailFastRedisOptions, createFailFastRedis, waitForFirstConnection } from './lib/fail-fast-redis';
