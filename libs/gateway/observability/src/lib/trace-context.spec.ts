import { childOf, parseTraceParent, traceIdOf, traceParentOf } from './trace-context';

const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceParentOf and childOf', () => {
  it('continue a valid incoming trace, its flags kept, with a new span id per call', () => {
    const incoming = `00-${TRACE_ID}-00f067aa0ba902b7-00`;
    const parent = traceParentOf(incoming);
    expect(parent).toMatchObject({ traceId: TRACE_ID, flags: '00' });
    const [first, second] = [childOf(parent), childOf(parent)];
    expect(first).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    expect(second).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    expect(new Set([first, second, incoming]).size).toBe(3);
  });

  it.each([
    undefined,
    '',
    'garbage',
    ['a', 'b'],
    `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
    `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
    `01-${TRACE_ID}-00f067aa0ba902b7-01`,
    `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`,
  ])('start a new sampled trace for %j', (incoming) => {
    const parent = traceParentOf(incoming);
    expect(parent.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parent.traceId).not.toBe('0'.repeat(32));
    expect(parent.traceId).not.toBe(TRACE_ID.toLowerCase());
    expect(parent.flags).toBe('01');
    expect(childOf(parent)).toMatch(FORMAT);
  });

  it('give every new trace its own id and every call its own span id, across many refills of the random pool', () => {
    const children = Array.from({ length: 2000 }, () => childOf(traceParentOf(undefined)));
    expect(children.every((child) => FORMAT.test(child))).toBe(true);
    expect(new Set(children.map((child) => child.slice(3, 35))).size).toBe(children.length);
    expect(new Set(children.map((child) => child.slice(36, 52))).size).toBe(children.length);
  });
});

describe('parseTraceParent and traceIdOf, the one reading of the header', () => {
  it.each([
    [`00-${TRACE_ID}-00f067aa0ba902b7-01`, { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', flags: '01' }],
    [`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, undefined],
    [`00-${TRACE_ID}-${'0'.repeat(16)}-01`, undefined],
    [`01-${TRACE_ID}-00f067aa0ba902b7-01`, undefined],
    [`00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`, undefined],
    ['garbage', undefined],
    [[`00-${TRACE_ID}-00f067aa0ba902b7-01`, `00-${TRACE_ID}-00f067aa0ba902b7-01`], undefined],
    [undefined, undefined],
  ])('read %j as %j', (header, expected) => {
    expect(parseTraceParent(header)).toEqual(expected);
    expect(traceIdOf(header)).toBe(expected?.traceId);
  });
});
