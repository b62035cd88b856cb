import { errors } from 'undici';
import { isUpstreamTransportError, UpstreamErrorException, UpstreamTimeoutException, UpstreamUnavailableException } from './upstream.exceptions';

describe('upstream exceptions', () => {
  it('keeps a 4xx status and the upstream message as detail', () => {
    const exception = new UpstreamErrorException('users', 404, 'user not found');
    expect(exception.getStatus()).toBe(404);
    expect(exception.getResponse()).toEqual({ detail: 'user not found' });
  });

  it('gives a 4xx without message a generic detail naming the service', () => {
    const exception = new UpstreamErrorException('users', 409);
    expect(exception.getStatus()).toBe(409);
    expect(exception.getResponse()).toEqual({ detail: 'The users service refused the request.' });
  });

  it.each([500, 503])('turns a %i into a 502 without the upstream message', (status) => {
    const exception = new UpstreamErrorException('orders', status, 'db at 10.0.0.3 down');
    expect(exception.getStatus()).toBe(502);
    expect(exception.getResponse()).toEqual({ title: 'Bad Gateway', detail: 'The orders service failed.', type: 'urn:bff:problem:upstream-error' });
  });

  it('answers 502 when unavailable and 504 on timeout, naming the service', () => {
    const unavailable = new UpstreamUnavailableException('users');
    const timeout = new UpstreamTimeoutException('users');
    expect([unavailable.getStatus(), timeout.getStatus()]).toEqual([502, 504]);
    expect(unavailable.getResponse()).toMatchObject({ detail: 'The users service is unavailable.', type: 'urn:bff:problem:upstream-unavailable' });
    expect(timeout.getResponse()).toMatchObject({ detail: 'The users service did not answer in time.', type: 'urn:bff:problem:upstream-timeout' });
  });
});

describe('isUpstreamTransportError', () => {
  it('recognises the HTTP client’s parser and transport errors only', () => {
    expect(isUpstreamTransportError(new errors.HTTPParserError('Missing expected CR after chunk size'))).toBe(true);
    expect(isUpstreamTransportError(new errors.SocketError('other side closed'))).toBe(true);
    expect(isUpstreamTransportError(Object.assign(new Error('bad chunk'), { code: 'HPE_INVALID_CHUNK_SIZE' }))).toBe(false);
    expect(isUpstreamTransportError(new Error('plain'))).toBe(false);
    expect(isUpstreamTransportError(null)).toBe(false);
    expect(isUpstreamTransportError('HPE_X')).toBe(false);
  });
});
