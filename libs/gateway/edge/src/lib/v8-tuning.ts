import { executionAsyncResource } from 'node:async_hooks';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The young generation's largest size here: two semi-spaces of 8 MiB, where V8 grows it to two of 16. */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 1024 * 1024;

/** V8 takes `-` and `_` alike in a flag's name. */
const SIZED_ON_THE_COMMAND_LINE = /--max[-_]semi[-_]space[-_]size/;

/** The young generation's size now (V8's `new_space`: both semi-spaces, as committed). */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Keeps the young generation at most {@link YOUNG_GENERATION_CAP_BYTES}, unless the command line
 * sizes it (`--max-semi-space-size`, in `process.execArgv` or `NODE_OPTIONS`), which then rules.
 * V8 doubles it (its growth factor) after a collection where much survived, up to the size it
 * set when the heap was made, which only the command line sets. The growth factor is read at
 * each growth, so it stays 1 (no growth) until a collection has been seen, and after each one
 * it is 2 while doubling stays within the cap and 1 once it would not. V8 shrinks the young
 * generation by itself when allocation slows, and it may then grow again, up to the cap.
 * Collections are reported after the fact, between tasks: a long synchronous stretch (loading
 * the app's modules) collects with the factor last set, so this is called before anything else
 * loads (`@bff/gateway-edge/v8`). The check after a collection costs about 0.5 us (V8's space
 * statistics); the flag is set (about 2.6 us) only when the factor changes.
 */
export function capYoungGeneration(): void {
  if (SIZED_ON_THE_COMMAND_LINE.test([...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' '))) return;
  let factor = 1;
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  new PerformanceObserver(() => {
    const next = youngGenerationBytes() * 2 <= YOUNG_GENERATION_CAP_BYTES ? 2 : 1;
    if (next === factor) return;
    factor = next;
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  }).observe({ entryTypes: ['gc'] });
}

/** What {@link holdTickObjectMap} keeps for the process's life. */
const heldTickObjects: object[] = [];

/**
 * Keeps one of `process.nextTick`'s tick objects for the process's life, so that the hidden class
 * (map) all tick objects share is never collected. Node builds each tick object as
 * `{ [async_id_symbol]: id, [trigger_async_id_symbol]: id, callback, args }`, and V8 defines
 * properties that follow a computed key through a runtime function whose feedback remembers one
 * map, held weakly, or "megamorphic", never a few. A full collection at a moment when no tick
 * object is alive (common while the app's modules load) collects that map; the next tick object
 * gets a new one, the feedback turns megamorphic, and TurboFan compiles `nextTick` with its
 * defines as runtime calls: 2 or more per tick, ~15 ticks per pass-through, about 57 000
 * instructions per request more (~14%) for the rest of the process's life. That happened in about
 * one process start in four (perf sampling of web-bff under load: 10 of 41 starts; callgrind: 4 of
 * 14). Holding one tick object (Node's own `executionAsyncResource()` inside a tick is that tick's
 * object) keeps the map; with it held, none of 22 starts did so.
 */
export function holdTickObjectMap(): void {
  process.nextTick(() => heldTickObjects.push(executionAsyncResource()));
}

/**
 * V8 settings every BFF process runs with, set from inside the process before the app loads
 * (`NODE_OPTIONS` cannot carry most of these flags, and a deployment may start `main.js` with a
 * bare `node`); each was measured under the loads of `npm run bench`:
 * - No allocation-site pretenuring. V8 may decide, from what survived one young-generation
 *   collection early under load, to allocate an object of every request straight in old space;
 *   whatever it holds then outlives the young generation too. About one process start in six did
 *   so: old space grew ~40 MB/s, peak RSS went from 170 to 270-285 MB and CPU per request up by a
 *   fifth. With the decisions off, none of 41 runs did, at no cost per request.
 * - WebAssembly stays on its baseline compiler (Liftoff). undici parses HTTP/1.1 with llhttp in
 *   WebAssembly; once it is hot, V8 recompiled the parser with TurboFan, whose
 *   ~20-30 MB of working memory, while the heap was growing under load, set the process's peak
 *   RSS (170 MB, 20 MB above its steady state). Without it the peak is the steady state (147-149
 *   MB), and an undici client's CPU per request did not measurably change (33-38 us either way).
 * - The old generation grows to 1.2 times what the last full collection kept, where V8 let it
 *   grow nearly fourfold. An aggregation keeps its request's objects for as long as its services
 *   take, so under load much of them survives two young collections and is promoted, ~17 KB per
 *   dashboard: old space climbed from 40 to 146 MB before a full collection brought it back to
 *   40, and the dashboard's peak RSS was 240-262 MB. Growing by half it peaked at 166-170 MB, with
 *   full collections every ~1.5 s instead of ~10 s, at ~25 ms of the main thread each (under 2% of
 *   it), which the CPU per request did not show (1025-1522 us against 1061-1343 us, 3 runs each).
 *   With the young generation capped (below), 10 s dashboard loads under `--trace-gc` peaked at
 *   143.5-145.9 MiB growing by 30% and 140.2-141.7 MiB by 20%, full collections taking 12-13 us
 *   of the main thread per dashboard at 30%, 18-20 us at 20% (8-11 at one half), CPU per
 *   dashboard the same (1157-1192 us against 1173-1188). Below 20% V8's own minimum step (8 MB
 *   over a ~40 MB live heap) sets the growth.
 * - One tick object of `process.nextTick` is held ({@link holdTickObjectMap}), before the app's
 *   modules load and their collections run.
 * - The young generation is capped at 16 MiB ({@link capYoungGeneration}). V8 grew it to its
 *   32 MiB maximum while the app loaded, before serving anything: RSS at rest and under every load
 *   of the bench was 13-16 MiB higher (pass-through 124-127 MiB instead of 142; dashboard 146-149
 *   instead of 161-163). Smaller, it is collected twice as often: scavenges took 6.4-6.6 us of the
 *   main thread per pass-through instead of 4.1-4.5, 106-115 us per dashboard instead of 71-81.
 */
export function tuneV8(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--heap-growing-percent=20');
  capYoungGeneration();
  holdTickObjectMap();
}
