export { AppProcess, freePort } from './lib/app-process';
export { FakeHandler, FakeResponse, FakeUpstream, RecordedRequest } from './lib/fake-upstream';
export { mintToken, TokenClaims } from './lib/tokens';
