import { parseJson, Tree, updateJson } from '@nx/devkit';

const TSCONFIG_BASE = 'tsconfig.base.json';

/** Lowercase kebab-case: what every scope, project and lib folder name is made of. */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A name a generator refuses; the message says why and what would do. */
export class GeneratorNameError extends Error {
  override readonly name = 'GeneratorNameError';
}

/** Throws {@link GeneratorNameError} unless `name` is lowercase kebab-case and not in `reserved`. */
export function assertName(kind: string, name: unknown, reserved: readonly string[]): string {
  if (typeof name !== 'string' || !KEBAB.test(name)) {
    throw new GeneratorNameError(`Invalid ${kind} name ${JSON.stringify(name)}: expected lowercase kebab-case, e.g. partner or feature-flags.`);
  }
  if (reserved.includes(name)) {
    throw new GeneratorNameError(`The ${kind} name "${name}" is reserved (${reserved.join(', ')}); choose another.`);
  }
  return name;
}

/** Throws {@link GeneratorNameError} when any of `paths` already exists in the tree. */
export function assertFree(tree: Tree, kind: string, name: string, paths: readonly string[]): void {
  const taken = paths.filter((path) => tree.exists(path));
  if (taken.length > 0) {
    throw new GeneratorNameError(`The ${kind} name "${name}" is taken: ${taken.join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}.`);
  }
}

/** `feature-flags` -> `FeatureFlags`. */
export function className(name: string): string {
  return name
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** `feature-flags` -> `FEATURE_FLAGS`. */
export function constantName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

/** `text` with one more entry in `compilerOptions.paths`, in sorted place, the rest of the file untouched. */
function withPathLine(text: string, paths: Record<string, string[]>, importPath: string, entry: string): string | undefined {
  const keys = Object.keys(paths).sort((a, b) => a.localeCompare(b));
  const line = `${JSON.stringify(importPath)}: [${JSON.stringify(entry)}]`;
  const next = keys.find((key) => key.localeCompare(importPath) > 0);
  if (next) {
    const at = text.indexOf(`${JSON.stringify(next)}:`);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    return at < 0 ? undefined : `${text.slice(0, lineStart)}${text.slice(lineStart, at)}${line},\n${text.slice(lineStart)}`;
  }
  const last = keys.at(-1);
  const at = last === undefined ? -1 : text.indexOf(`${JSON.stringify(last)}:`);
  const end = at < 0 ? -1 : text.indexOf(']', at) + 1;
  if (end <= 0) return undefined;
  const indent = text.slice(text.lastIndexOf('\n', at) + 1, at);
  return `${text.slice(0, end)},\n${indent}${line}${text.slice(end)}`;
}

/**
 * Adds `importPath -> entry` to `tsconfig.base.json` paths in sorted place. The line is inserted
 * into the text so the file keeps its formatting; a file it cannot place the line in is rewritten.
 */
export function addTsConfigPath(tree: Tree, importPath: string, entry: string): void {
  const text = tree.read(TSCONFIG_BASE, 'utf-8') ?? '{}';
  const paths: Record<string, string[]> = parseJson(text).compilerOptions?.paths ?? {};
  const edited = withPathLine(text, paths, importPath, entry);
  const expected = { ...paths, [importPath]: [entry] };
  if (edited && JSON.stringify(parseJson(edited).compilerOptions.paths, Object.keys(expected).sort()) === JSON.stringify(expected, Object.keys(expected).sort())) {
    tree.write(TSCONFIG_BASE, edited);
    return;
  }
  updateJson(tree, TSCONFIG_BASE, (json) => {
    json.compilerOptions = { ...json.compilerOptions, paths: Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))) };
    return json;
  });
}
