export { bffGenerator, BffGeneratorOptions, nextPorts, RESERVED_BFF_NAMES } from './bff/bff.generator';
export { gatewayLibGenerator, GatewayLibGeneratorOptions, RESERVED_GATEWAY_LIB_NAMES } from './gateway-lib/gateway-lib.generator';
export { GeneratorNameError } from './workspace-edits';
