export { DiscoveryModule } from './lib/discovery.module';
export { DiscoveryOptions } from './lib/discovery.options';
export { RoundRobinBalancer } from './lib/round-robin.balancer';
export { InjectServiceRegistry, ServiceInstance, ServiceRegistry, StaticServiceRegistry } from './lib/service-registry';
