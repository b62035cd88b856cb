export { DiscoveryModule } from './lib/discovery.module';
export { DiscoveryOptions, ServiceSource } from './lib/discovery.options';
export { DnsResolver, DnsServiceRegistry, DnsServiceRegistryOptions, DnsTarget } from './lib/dns.registry';
export { PollingServiceRegistry } from './lib/polling.registry';
export {
  REDIS_REGISTRY_PREFIX,
  RedisRegistryConnection,
  RedisServiceRegistration,
  RedisServiceRegistrationOptions,
  RedisServiceRegistry,
  RedisServiceRegistryOptions,
  Registration,
} from './lib/redis.registry';
export { InjectServiceRegistry, InstanceSpec, ServiceInstance, ServiceRegistry, StaticServiceRegistry } from './lib/service-registry';
