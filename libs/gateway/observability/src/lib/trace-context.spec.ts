import { childTraceparent } from './trace-context';

const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('childTraceparent', () => {
  it('continues a valid incoming trace with a new span id', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const child = childTraceparent(incoming);
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(incoming);
  });

  it.each([undefined, '', 'garbage', ['a', 'b'], `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`])(
    'starts a new trace for %j',
    (incoming) => {
      const child = childTraceparent(incoming);
      expect(child).toMatch(FORMAT);
      expect(child.slice(3, 35)).not.toBe('0'.repeat(32));
    },
  );

  it('gives every call its own span id, and every new trace its own trace id, across many requests', () => {
    const children = Array.from({ length: 2000 }, () => childTraceparent(undefined));
    expect(children.every((child) => FORMAT.test(child))).toBe(true);
    expect(new Set(children.map((child) => child.slice(3, 35))).size).toBe(children.length);
    expect(new Set(children.map((child) => child.slice(36, 52))).size).toBe(children.length);
  });
});
