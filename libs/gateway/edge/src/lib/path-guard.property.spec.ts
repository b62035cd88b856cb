import fc from 'fast-check';
import { posix } from 'node:path';
import { isSafePath } from './path-guard';

const ROUTE = '/api/v2/users/';

/** Characters that make paths interesting: separators, dots, escapes, controls, and their encodings. */
const pathPiece = fc.oneof(
  fc.constantFrom('/', '.', '..', '\\', ';', '%', '%2e', '%2E', '%2f', '%5c', '%00', '%3b', '%25', '%c0%ae', '?', '#', '\0', '\t', '\u0085', 'users', 'u-1', '~'),
  fc.string({ maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const rest = fc.array(pathPiece, { maxLength: 12 }).map((pieces) => pieces.join(''));

/** The path a server would act on: percent-decoded, then dot segments resolved. */
function resolved(url: string): string {
  const path = url.split('?')[0];
  return posix.normalize(decodeURIComponent(path));
}

describe('isSafePath under arbitrary input', () => {
  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (url) => {
        expect(typeof isSafePath(url)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a path under a route resolve outside it, whatever the encoding', () => {
    fc.assert(
      fc.property(rest, (tail) => {
        const url = ROUTE + tail;
        if (!isSafePath(url)) return;
        expect(resolved(url).startsWith(ROUTE)).toBe(true);
        expect(new URL(url, 'http://gateway.test').pathname.startsWith(ROUTE)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts every path made only of plain segments', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,15}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), (segments) => {
        expect(isSafePath(ROUTE + segments.join('/'))).toBe(true);
      }),
    );
  });
});
