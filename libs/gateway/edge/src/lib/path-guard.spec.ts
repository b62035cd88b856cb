import { isSafePath } from './path-guard';

describe('isSafePath', () => {
  it.each([
    '/',
    '/api/v2/users',
    '/api/v2/users/u-1/',
    '/files/report.v2.pdf',
    '/a/.../b',
    '/a..b/c.',
    '/caf%C3%A9',
    '/a%20b',
    '/a%252fb',
    '/search?q=../..//x%2f%5c%00%zz\\',
    '/a?',
    "/users/u-1/a:b@c!$&'()*+,=~",
  ])('accepts %j', (url) => {
    expect(isSafePath(url)).toBe(true);
  });

  it.each([
    ['an empty target', ''],
    ['a relative path', 'api/x'],
    ['the asterisk form', '*'],
    ['the absolute form', 'http://evil.example/x'],
    ['an empty segment', '/a//b'],
    ['a leading empty segment', '//evil.example/x'],
    ['an encoded slash', '/a/..%2f..%2fadmin'],
    ['an encoded slash in capitals', '/a/%2Fb'],
    ['an encoded backslash', '/a/%5cb'],
    ['an encoded backslash in capitals', '/a/%5Cb'],
    ['a backslash', '/a\\b'],
    ['an encoded NUL', '/a/%00'],
    ['a dot-dot segment', '/a/../b'],
    ['a trailing dot-dot segment', '/a/..'],
    ['a dot segment', '/a/./b'],
    ['a trailing dot segment', '/.'],
    ['an encoded dot-dot segment', '/api/%2e%2e/x'],
    ['a mixed-case encoded dot-dot segment', '/api/%2E%2e/x'],
    ['a half-encoded dot-dot segment', '/api/.%2e/x'],
    ['an encoded dot segment', '/api/%2e/x'],
    ['a malformed escape', '/a/%zz'],
    ['a truncated escape', '/a/%'],
    ['invalid UTF-8', '/a/%c0%ae'],
    ['an encoded line feed', '/a/%0a'],
    ['an encoded DEL', '/a/%7F'],
    ['an encoded C1 control (NEL)', '/a%C2%85b'],
    ['a path parameter', '/api/v2/users/..;/admin'],
    ['a semicolon', '/a;b'],
    ['an encoded semicolon', '/a%3Bb'],
    ['a raw tab', '/a\tb'],
    ['a raw control character', '/a\u0001b'],
    ['an unsafe path before a query', '/a/../b?x=1'],
    ['a dot-dot segment hidden by a fragment', '/api/v2/users/..#x'],
    ['an encoded dot-dot segment hidden by a fragment', '/api/v2/users/%2e.#x'],
    ['a raw space', '/api/v2/users/.. '],
    ['a raw non-ASCII character', '/caf\u00e9'],
    ['a raw quote', '/a"b'],
    ['a raw pipe', '/a|b'],
  ])('refuses %s (%j)', (_, url) => {
    expect(isSafePath(url)).toBe(false);
  });
});
