export {
  BffConfig,
  BffDefaults,
  CLIENT_KIND_PATTERN,
  ClientKind,
  ConfigError,
  DEMO_UPSTREAMS,
  DEVELOPMENT_JWT_SECRET,
  DiscoveryConfig,
  HTTP_SERVICES,
  HttpServiceName,
  loadBffConfig,
} from './lib/bff-config';
export { BFF_CONFIG, InjectBffConfig } from './lib/bff-config.token';
export { ApiKeyConfig, CanaryConfig, InstanceConfig, parseDuration, ServiceSourceConfig } from './lib/env-parsers';
