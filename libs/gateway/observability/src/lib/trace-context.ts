import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * The W3C `traceparent` to send upstream: it continues the incoming trace when the client sent a
 * valid one, else starts a new sampled trace. Each call is a new span id.
 *
 * @example
 * headers.traceparent = childTraceparent(request.headers.traceparent);
 */
export function childTraceparent(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming) : null;
  const span = randomHex(8);
  if (match && match[1] !== ZERO_TRACE && match[2] !== ZERO_SPAN) return `00-${match[1]}-${span}-${match[3]}`;
  return `00-${randomHex(16)}-${span}-01`;
}

/** Random bytes drawn 4 KiB at a time: one `randomFillSync` serves the ids of about a hundred requests. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * `bytes` (8 or 16) random bytes as hex digits, never all zeros (an invalid W3C id). A
 * `randomBytes` call per id was measured at about 7% of a pass-through's CPU, `randomUUID` and
 * stripping its dashes at about 1.5%.
 */
function randomHex(bytes: 8 | 16): string {
  for (;;) {
    if (used + bytes > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    const hex = pool.toString('hex', used, (used += bytes));
    if (hex !== ZERO_SPAN && hex !== ZERO_TRACE) return hex;
  }
}
