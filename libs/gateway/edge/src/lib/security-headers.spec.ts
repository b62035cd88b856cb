import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("holds helmet's defaults", () => {
    expect(securityHeaders()).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  it('sets no header that reveals the server', () => {
    expect(Object.keys(securityHeaders())).not.toContain('x-powered-by');
  });
});
