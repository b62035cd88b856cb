import { Tree, updateJson } from '@nx/devkit';

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

/** `feature-flags` -> `featureFlags`. */
export function propertyName(name: string): string {
  const pascal = className(name);
  return pascal[0].toLowerCase() + pascal.slice(1);
}

/** `feature-flags` -> `FEATURE_FLAGS`. */
export function constantName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

/** Adds `importPath -> entry` to `tsconfig.base.json` paths, keeping them sorted by import path. */
export function addTsConfigPath(tree: Tree, importPath: string, entry: string): void {
  updateJson(tree, 'tsconfig.base.json', (json) => {
    const paths: Record<string, string[]> = { ...(json.compilerOptions.paths ?? {}), [importPath]: [entry] };
    json.compilerOptions.paths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
    return json;
  });
}
