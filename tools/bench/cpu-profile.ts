import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './report';

/** A call frame of V8's CPU profile (`node --cpu-prof`): line and column are 0-based. */
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** A `.cpuprofile` as `node --cpu-prof` writes it: times in microseconds of the monotonic clock (`process.hrtime`). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's function is: its name, its source position, and whose code it is. */
export interface Location {
  name: string;
  where: string;
  owner: string;
}

/** One function's time in the window, in microseconds: in itself, and with everything it called. */
export interface FunctionTime extends Location {
  selfUs: number;
  totalUs: number;
}

/** What the main thread did between two moments of a profile. */
export interface ProfileSummary {
  /** Samples in the window. */
  samples: number;
  /** Time the main thread spent idle (waiting for events) in the window, microseconds. */
  idleUs: number;
  /** Time it spent busy: in JavaScript, in native code, collecting garbage. */
  busyUs: number;
  /** Busy time by owner (a package, a workspace library, a Node module, V8), largest first. */
  owners: { owner: string; selfUs: number }[];
  /** Every function that was busy in the window, largest self time first. */
  functions: FunctionTime[];
}

/** V8's pseudo-frames, which stand for no JavaScript function. */
const PSEUDO = new Map([
  ['(garbage collector)', 'V8: garbage collection'],
  ['(program)', 'native: outside JavaScript (libuv, Node and V8 C++)'],
  ['(idle)', 'idle'],
  ['(root)', 'root'],
]);

const NATIVE = 'native: V8 builtins and Node bindings';

/**
 * Whose code a source is: a package, a workspace project (a built app's bundle and the bench's
 * compiled scripts count as their projects), a Node module, or the file itself.
 */
export function ownerOf(source: string, root: string): string {
  if (source.startsWith('node:')) return source;
  const path = fromRoot(source, root);
  const packages = path.lastIndexOf('node_modules/');
  if (packages === 0 || path[packages - 1] === '/') {
    const [scope, name] = path.slice(packages + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const project = /^(libs\/(?:[^/]+\/)*?[^/]+)\/src\/|^(?:dist\/)?(apps\/[^/]+)\/|^(tools\/[^/]+)\//.exec(path);
  if (project) return project[1] ?? project[2] ?? project[3];
  return path.startsWith('dist/bench/') ? 'tools/bench' : path;
}

/** `file` relative to `root` when inside it, else as it is. */
function fromRoot(file: string, root: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

/** A file path from a profile's script URL (`file:///...` or a plain path). */
function pathOf(url: string): string {
  return url.startsWith('file://') ? fileURLToPath(url) : url;
}

/**
 * The file of a source-map source, relative to `root` when inside it. A source is relative to the
 * script it maps (a package's own map), except webpack's, which are relative to the app's folder
 * (`webpack:///../../libs/...`, `webpack:///./src/main.ts`): a built app lives at
 * `dist/apps/<app>/`, so a source that stays inside the app is under `apps/<app>/`.
 */
export function workspaceFileOf(source: string, bundle: string, root: string): string {
  if (!source.startsWith('webpack://')) {
    return fromRoot(resolve(dirname(bundle), pathOf(source)), root);
  }
  const path = source.replace(/^webpack:\/\/\/?/, '');
  const inWorkspace = path.replace(/^(\.\.?\/)+/, '');
  if (/^(libs|apps|tools|node_modules)\//.test(inWorkspace)) return inWorkspace;
  const app = /\/dist\/(apps\/[^/]+)\/[^/]+$/.exec(bundle)?.[1];
  return app ? `${app}/${inWorkspace}` : inWorkspace;
}

/**
 * Locates frames in their sources: through the script's source map (`<script>.map`, as webpack
 * writes it beside a built app) when there is one outside `node_modules`, so a bundled app's
 * functions are named by the workspace file they come from; by the script itself otherwise. Paths
 * are relative to `root`.
 */
export function sourceLocator(root: string): (frame: CallFrame) => Location {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (path: string): SourceMap | undefined => {
    if (!maps.has(path)) {
      const file = `${path}.map`;
      // Packages are named as packages: their own maps (often pointing outside what is installed) are not read.
      const mapped = path.startsWith('/') && !path.includes('/node_modules/') && existsSync(file);
      maps.set(path, mapped ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
    }
    return maps.get(path);
  };
  return (frame) => {
    const pseudo = PSEUDO.get(frame.functionName);
    if (pseudo) return { name: frame.functionName, where: '', owner: pseudo };
    const name = frame.functionName || '(anonymous)';
    if (frame.url.startsWith('wasm://')) return { name, where: '', owner: 'WebAssembly' };
    // Builtins and bindings have no script (some carry their source text instead of a URL).
    if (!/^(\/|file:\/\/|node:)/.test(frame.url)) return { name, where: '', owner: NATIVE };
    const path = pathOf(frame.url);
    const entry = mapOf(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const file = workspaceFileOf(entry.originalSource, path, root);
      return { name, where: `${file}:${entry.originalLine + 1}`, owner: ownerOf(file, root) };
    }
    return { name, where: `${fromRoot(path, root)}:${frame.lineNumber + 1}`, owner: ownerOf(path, root) };
  };
}

/** One function's key: its name, where it is and whose it is. */
const keyOfLocation = (location: Location): string => `${location.name}\u0000${location.where}\u0000${location.owner}`;

/** Ties in order of their names, so that the same profile always gives the same report. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sums a profile's samples taken between `fromUs` and `toUs` (the profile's clock: `process.hrtime`
 * in microseconds) by function and by owner. A sample counts for the time since the one before it;
 * a function's total time counts each sample once, however often the function is on its stack
 * (recursion).
 */
export function summarise(profile: CpuProfile, fromUs: number, toUs: number, locate: (frame: CallFrame) => Location): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const keys = new Map<number, string>();
  const locations = new Map<string, Location>();
  const keyOf = (id: number): string => {
    let key = keys.get(id);
    if (key === undefined) {
      const location = locate((nodes.get(id) as ProfileNode).callFrame);
      key = keyOfLocation(location);
      locations.set(key, location);
      keys.set(id, key);
    }
    return key;
  };
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    let stack = stacks.get(id);
    if (!stack) {
      const parent = parents.get(id);
      const above = parent === undefined ? [] : stackOf(parent);
      const key = keyOf(id);
      stack = above.includes(key) ? above : [...above, key];
      stacks.set(id, stack);
    }
    return stack;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const add = (into: Map<string, number>, key: string, us: number) => into.set(key, (into.get(key) ?? 0) + us);
  let [at, samples, idleUs, busyUs] = [profile.startTime, 0, 0, 0];
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < fromUs || at > toUs) continue;
    samples++;
    const id = profile.samples[i];
    const key = keyOf(id);
    if ((locations.get(key) as Location).owner === PSEUDO.get('(idle)')) {
      idleUs += us;
      continue;
    }
    busyUs += us;
    add(self, key, us);
    for (const frame of stackOf(id)) add(total, frame, us);
  }
  const owners = new Map<string, number>();
  for (const [key, us] of self) add(owners, (locations.get(key) as Location).owner, us);
  const functions = [...self.keys(), ...[...total.keys()].filter((key) => !self.has(key))]
    .map((key) => ({ ...(locations.get(key) as Location), selfUs: self.get(key) ?? 0, totalUs: total.get(key) ?? 0 }))
    .filter((entry) => entry.owner !== PSEUDO.get('(root)'))
    .sort((a, b) => b.selfUs - a.selfUs || b.totalUs - a.totalUs || byText(a.name, b.name));
  return {
    samples,
    idleUs,
    busyUs,
    owners: [...owners].map(([owner, selfUs]) => ({ owner, selfUs })).sort((a, b) => b.selfUs - a.selfUs || byText(a.owner, b.owner)),
    functions,
  };
}

/** What the report needs besides the summary: the requests of the window, and whose code is the project's own. */
export interface ProfileReportOptions {
  requests: number;
  /** Owners that are the project's own code (workspace libraries and apps), listed apart by total time. */
  isOwn: (owner: string) => boolean;
  top: number;
}

const share = (us: number, of: number) => `${((100 * us) / of).toFixed(1)}%`;
const perRequest = (us: number, requests: number) => (us / requests).toFixed(2);
/** A function's first cells in a table: its name, where it is, whose it is. */
const functionCells = (entry: Location) => [`\`${entry.name}\``, entry.where ? `\`${entry.where}\`` : '—', entry.owner];

/**
 * The Markdown tables of a summary: busy time by owner, the functions with the most self time, and
 * the project's own functions by total time; each as a share of the busy time and in microseconds
 * per request.
 */
export function formatProfile(summary: ProfileSummary, options: ProfileReportOptions): string {
  const { requests, isOwn, top } = options;
  const { busyUs } = summary;
  const owners = summary.owners.map(({ owner, selfUs }) => [owner, share(selfUs, busyUs), perRequest(selfUs, requests)]);
  const row = (entry: FunctionTime) => [
    ...functionCells(entry),
    share(entry.selfUs, busyUs),
    perRequest(entry.selfUs, requests),
    share(entry.totalUs, busyUs),
    perRequest(entry.totalUs, requests),
  ];
  const functionHeader = ['function', 'where', 'owner', 'self', 'self µs/req', 'total', 'total µs/req'];
  const own = summary.functions.filter((entry) => isOwn(entry.owner)).sort((a, b) => b.totalUs - a.totalUs);
  return [
    `Main thread in the window: ${summary.samples} samples, busy ${(busyUs / 1000).toFixed(0)} ms (${perRequest(busyUs, requests)} µs per request), idle ${(summary.idleUs / 1000).toFixed(0)} ms.`,
    '',
    '### Busy time by owner (self time)',
    '',
    markdownTable(['owner', 'share', 'µs/req'], owners),
    '',
    `### The ${top} functions with the most self time`,
    '',
    markdownTable(functionHeader, summary.functions.slice(0, top).map(row)),
    '',
    `### The project's own functions by total time (top ${top})`,
    '',
    own.length > 0 ? markdownTable(functionHeader, own.slice(0, top).map(row)) : 'None sampled.',
    '',
  ].join('\n');
}

/** One profiled run, to compare with another: its summary, the requests it served and its process's CPU per request. */
export interface ProfiledRun {
  label: string;
  summary: ProfileSummary;
  requests: number;
  cpuUsPerRequest: number;
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;

/**
 * What `run` spends per request over `base`, both in µs per request: the process's CPU and the
 * main thread's busy time, then by owner and by function (self time), largest growth first, so a
 * row's cost over another's (the gateway's features over Nest's forwarder) is itemised.
 */
export function formatDifference(base: ProfiledRun, run: ProfiledRun, top: number): string {
  const perRequestOf = <K>(entries: readonly { key: K; us: number }[], requests: number) => new Map(entries.map(({ key, us }) => [key, us / requests]));
  const owners = [base, run].map(({ summary, requests }) => perRequestOf(summary.owners.map((entry) => ({ key: entry.owner, us: entry.selfUs })), requests));
  const functions = [base, run].map(({ summary, requests }) => perRequestOf(summary.functions.map((entry) => ({ key: keyOfLocation(entry), us: entry.selfUs })), requests));
  const located = new Map([...base.summary.functions, ...run.summary.functions].map((entry) => [keyOfLocation(entry), entry]));
  const compared = <K>([before, after]: Map<K, number>[]) =>
    [...new Set([...before.keys(), ...after.keys()])]
      .map((key) => ({ key, before: before.get(key) ?? 0, after: after.get(key) ?? 0 }))
      .sort((a, b) => b.after - b.before - (a.after - a.before));
  const header = (first: string) => [first, base.label, run.label, 'difference'];
  const cells = (before: number, after: number) => [before.toFixed(2), after.toFixed(2), signed(after - before)];
  const busy = [base, run].map(({ summary, requests }) => summary.busyUs / requests);
  return [
    `### ${run.label} over ${base.label}, µs per request`,
    '',
    markdownTable(header('measure'), [
      ['process CPU (all threads, /proc)', ...cells(base.cpuUsPerRequest, run.cpuUsPerRequest)],
      ['main thread busy (profile)', ...cells(busy[0], busy[1])],
    ]),
    '',
    '#### By owner (self time)',
    '',
    markdownTable(
      header('owner'),
      compared(owners).map(({ key, before, after }) => [key, ...cells(before, after)]),
    ),
    '',
    `#### The ${top} functions whose self time grew the most`,
    '',
    markdownTable(
      ['function', 'where', 'owner', base.label, run.label, 'difference'],
      compared(functions)
        .slice(0, top)
        .map(({ key, before, after }) => [...functionCells(located.get(key) as Location), ...cells(before, after)]),
    ),
    '',
  ].join('\n');
}
