import { readJson, readProjectConfiguration, Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { join } from 'node:path';
import { GeneratorNameError } from '../workspace-edits';
import { gatewayLibGenerator } from './gateway-lib.generator';

const ROOT = join(__dirname, '../../..');

/** The repository as it is on disk; every write stays in memory. */
const repoTree = (): Tree => new FsTree(ROOT, false);

describe('gateway-lib generator', () => {
  let tree: Tree;
  const read = (file: string) => tree.read(`libs/gateway/feature-flags/${file}`, 'utf-8') ?? '';

  beforeAll(async () => {
    tree = repoTree();
    await gatewayLibGenerator(tree, { concern: 'feature-flags' });
  });

  it('creates a shared platform lib with its import path', () => {
    expect(readProjectConfiguration(tree, 'gateway-feature-flags')).toMatchObject({
      root: 'libs/gateway/feature-flags',
      sourceRoot: 'libs/gateway/feature-flags/src',
      projectType: 'library',
      tags: ['scope:shared', 'type:platform'],
    });
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@bff/gateway-feature-flags']).toEqual(['libs/gateway/feature-flags/src/index.ts']);
  });

  it('has the files of libs/gateway/health, a README and a spec', () => {
    for (const file of ['README.md', 'eslint.config.mjs', 'jest.config.ts', 'tsconfig.json', 'tsconfig.lib.json', 'tsconfig.spec.json', 'src/lib/feature-flags.module.spec.ts']) {
      expect({ file, exists: tree.exists(`libs/gateway/feature-flags/${file}`) }).toEqual({ file, exists: true });
    }
    expect(read('tsconfig.lib.json')).toBe(tree.read('libs/gateway/health/tsconfig.lib.json', 'utf-8'));
    expect(read('jest.config.ts')).toContain("displayName: 'gateway-feature-flags'");
  });

  it('follows the house conventions: barrel, module-definition with ConfigurableModuleBuilder, JSDoc on exports', () => {
    expect(read('src/index.ts')).toBe(
      [
        "export { FEATURE_FLAGS_OPTIONS } from './lib/feature-flags.module-definition';",
        "export { FeatureFlagsModule } from './lib/feature-flags.module';",
        "export { FeatureFlagsOptions } from './lib/feature-flags.options';",
        '',
      ].join('\n'),
    );
    expect(read('src/lib/feature-flags.module-definition.ts')).toContain('new ConfigurableModuleBuilder<FeatureFlagsOptions>()');
    expect(read('src/lib/feature-flags.module.ts')).toMatch(/\/\*\*[^]*@example[^]*\*\/\n@Module\(\{\}\)\nexport class FeatureFlagsModule extends FeatureFlagsConfigurableModule \{\}/);
    expect(read('src/lib/feature-flags.options.ts')).toMatch(/\/\*\* Options of the \{@link FeatureFlagsModule\}.*\*\/\nexport interface FeatureFlagsOptions/);
  });
});

describe('gateway-lib generator: names it refuses, writing nothing', () => {
  it.each([
    ['FeatureFlags', /Invalid gateway lib name "FeatureFlags": expected lowercase kebab-case/],
    ['feature_flags', /Invalid gateway lib name "feature_flags"/],
    ['gateway', /The gateway lib name "gateway" is reserved/],
    ['shared', /The gateway lib name "shared" is reserved/],
    ['health', 'The gateway lib name "health" is taken: libs/gateway/health already exists.'],
  ])('%j', async (concern, message) => {
    const tree = repoTree();
    await expect(gatewayLibGenerator(tree, { concern })).rejects.toThrow(GeneratorNameError);
    await expect(gatewayLibGenerator(tree, { concern })).rejects.toThrow(message);
    expect(tree.listChanges()).toEqual([]);
  });
});
