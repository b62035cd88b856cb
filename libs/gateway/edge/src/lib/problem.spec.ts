import { HttpException, NotFoundException } from '@nestjs/common';
import { problemBody, problemOf, statusOf, toProblem } from './problem';

describe('toProblem', () => {
  it("uses the gateway's own exception detail, title, type, errors and headers", () => {
    const exception = new HttpException(
      { title: 'Slow Down', detail: 'Too many requests, retry later.', type: 'urn:bff:problem:rate-limited', errors: [{ field: 'x' }], headers: { 'retry-after': '5' } },
      429,
    );
    expect(toProblem(exception)).toEqual({
      type: 'urn:bff:problem:rate-limited',
      title: 'Slow Down',
      status: 429,
      detail: 'Too many requests, retry later.',
      errors: [{ field: 'x' }],
      headers: { 'retry-after': '5' },
    });
  });

  it("gives Nest's built-in exceptions the generic detail, not their message", () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No resource matches this path.',
      headers: {},
    });
    expect(toProblem(new HttpException('internal host db-1', 503)).detail).toBe('The service is unavailable.');
  });

  it('answers an unexpected error with a generic 500 that does not leak its message', () => {
    const problem = toProblem(new Error('secret at 10.0.0.1'));
    expect(problem).toMatchObject({ status: 500, title: 'Internal Server Error', detail: 'An unexpected error occurred.' });
    expect(JSON.stringify(problem)).not.toContain('10.0.0.1');
  });

  it("keeps a Fastify error's status with the generic detail", () => {
    const fastifyError = Object.assign(new Error('Request body is too large: 2000000 > 1048576'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toProblem(fastifyError)).toMatchObject({ status: 413, detail: 'The request body is too large.' });
    expect(toProblem({ statusCode: 413 }).status).toBe(413);
  });

  it.each([{ statusCode: 200 }, { statusCode: 302 }, { statusCode: '404' }, null, undefined, 'boom'])('answers 500 for %p', (thrown) => {
    expect(statusOf(thrown)).toBe(500);
  });
});

describe('problemOf', () => {
  it('falls back to the generic detail of the status class and to "Error" for an unknown title', () => {
    expect(problemOf(418)).toMatchObject({ title: "I'm a Teapot", detail: 'The request is malformed.' });
    expect(problemOf(599)).toMatchObject({ title: 'Error', detail: 'An unexpected error occurred.' });
  });
});

describe('problemBody', () => {
  it('serialises the problem with instance and request id, without the headers', () => {
    const problem = problemOf(429, { detail: 'Slow down.', headers: { 'retry-after': '5' } });
    expect(JSON.parse(problemBody(problem, '/api/x', 'req-1'))).toEqual({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Slow down.',
      instance: '/api/x',
      requestId: 'req-1',
    });
    expect(JSON.parse(problemBody(problemOf(400, { detail: 'Invalid.', errors: ['a'] }), '/x', 'r'))).toMatchObject({ errors: ['a'] });
  });
});
