export { BffBootstrapOptions, bootstrapBff } from './lib/bootstrap';
export { installBodyParsers } from './lib/body-parsers';
export { GatewayFastifyAdapter } from './lib/gateway-fastify.adapter';
export { GatewayModule, GatewayModuleOptions } from './lib/gateway.module';
export { startManagementServer } from './lib/management-server';
export { isSafePath } from './lib/path-guard';
export { Problem, PROBLEM_CONTENT_TYPE, ProblemResponse, problemBody, problemOf, statusOf, toProblem } from './lib/problem';
export { instanceOf, ProblemDetailsFilter } from './lib/problem-details.filter';
