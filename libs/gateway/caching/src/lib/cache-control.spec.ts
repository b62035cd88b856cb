import { parseCacheControl } from './cache-control';

describe('parseCacheControl', () => {
  it('allows everything when there is no header', () => {
    expect(parseCacheControl([])).toEqual({ noStore: false, private: false });
  });

  it('reads no-store, no-cache and private, case and spacing aside', () => {
    expect(parseCacheControl(['No-Store'])).toMatchObject({ noStore: true });
    expect(parseCacheControl(['public,no-cache'])).toMatchObject({ noStore: true });
    expect(parseCacheControl([' private , max-age=60'])).toEqual({ noStore: false, private: true, maxAgeSeconds: 60 });
  });

  it('takes the most restrictive answer over several headers (handler and upstreams)', () => {
    expect(parseCacheControl(['public, max-age=300', 'max-age=20', 'private'])).toEqual({ noStore: false, private: true, maxAgeSeconds: 20 });
    expect(parseCacheControl(['max-age=300', 'no-store'])).toMatchObject({ noStore: true });
  });

  it('prefers s-maxage (the shared-cache age) over max-age', () => {
    expect(parseCacheControl(['max-age=5, s-maxage=120']).maxAgeSeconds).toBe(120);
  });

  it('treats a malformed age as zero and ignores unknown directives', () => {
    expect(parseCacheControl(['max-age=soon']).maxAgeSeconds).toBe(0);
    expect(parseCacheControl(['max-age="30"']).maxAgeSeconds).toBe(30);
    expect(parseCacheControl(['immutable, must-revalidate, foo=bar'])).toEqual({ noStore: false, private: false });
  });
});
