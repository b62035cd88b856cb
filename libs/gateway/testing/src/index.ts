export { AppProcess, freePort } from './lib/app-process';
export { BffContractOptions, describeBffContract } from './lib/bff-contract.suite';
export { CLOSED_HOST_PORT, CLOSED_UPSTREAM, RunningBff, startBff } from './lib/bff-harness';
export { RunningDemoServices, startDemoServices } from './lib/demo-services';
export { FakeHandler, FakeResponse, FakeUpstream, RecordedRequest } from './lib/fake-upstream';
export { rawRequest, RawResponse } from './lib/raw-request';
export { rawExchange } from './lib/raw-socket';
export { mintToken, TokenClaims } from './lib/tokens';
