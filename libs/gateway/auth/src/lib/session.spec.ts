import { csrfRefusal, readCookie, SessionOptions, sessionCookies, withoutCookies } from './session';

const options: SessionOptions = {
  cookie: 'bff_session',
  csrfCookie: 'bff_session_csrf',
  csrfHeader: 'x-csrf-token',
  trustedOrigins: ['https://app.example.com'],
};

const post = (headers: Record<string, string>) => ({ method: 'POST', protocol: 'http', headers: { host: 'bff.local:3000', ...headers } });

describe('readCookie', () => {
  it.each([
    ['a=1; bff_session=abc.def.ghi; b=2', 'abc.def.ghi'],
    ['bff_session=x=y', 'x=y'],
    ['bff_session=', undefined],
    ['other_bff_session=x', undefined],
    ['', undefined],
  ])('reads %j', (header, expected) => expect(readCookie(header, 'bff_session')).toBe(expected));

  it('ignores a repeated Cookie header', () => expect(readCookie(['bff_session=a'], 'bff_session')).toBeUndefined());
});

describe('csrfRefusal', () => {
  it('lets safe methods through', () => {
    expect(csrfRefusal({ method: 'GET', headers: {} }, options, undefined)).toBeUndefined();
  });

  it.each([
    ['the BFF itself', { origin: 'http://bff.local:3000' }],
    ['a trusted origin', { origin: 'https://app.example.com' }],
    ['a trusted referer', { referer: 'https://app.example.com/orders?x=1' }],
  ])('accepts an unsafe request from %s with a matching CSRF token', (_, headers) => {
    expect(csrfRefusal(post({ ...headers, 'x-csrf-token': 'c5rf' }), options, 'c5rf')).toBeUndefined();
  });

  it.each([
    ['no origin at all', {}, 'c5rf'],
    ['a foreign origin', { origin: 'https://evil.example' }, 'c5rf'],
    ['a null origin', { origin: 'null' }, 'c5rf'],
    ['no CSRF header', { origin: 'https://app.example.com', 'x-csrf-token': undefined }, 'c5rf'],
    ['a wrong CSRF header', { origin: 'https://app.example.com', 'x-csrf-token': 'guess' }, 'c5rf'],
    ['no CSRF cookie', { origin: 'https://app.example.com' }, undefined],
  ])('refuses an unsafe request with %s', (_, headers, csrfCookie) => {
    const request = post({ 'x-csrf-token': 'c5rf', ...headers } as Record<string, string>);
    expect(csrfRefusal(request, options, csrfCookie)).toEqual(expect.any(String));
  });
});

describe('sessionCookies', () => {
  it('sets the token HttpOnly and both cookies Secure, SameSite=Strict, expiring with the token', () => {
    expect(sessionCookies(options, 'tok', 'c5rf', 900.7)).toEqual([
      'bff_session=tok; Path=/; Max-Age=900; Secure; SameSite=Strict; HttpOnly',
      'bff_session_csrf=c5rf; Path=/; Max-Age=900; Secure; SameSite=Strict',
    ]);
  });
});

describe('withoutCookies', () => {
  it('removes the named cookies and keeps the others', () => {
    expect(withoutCookies('theme=dark; bff_session=t; bff_session_csrf=c; lang=de', ['bff_session', 'bff_session_csrf'])).toBe('theme=dark; lang=de');
  });

  it('answers undefined when nothing is left', () => {
    expect(withoutCookies('bff_session=t', ['bff_session'])).toBeUndefined();
  });
});
