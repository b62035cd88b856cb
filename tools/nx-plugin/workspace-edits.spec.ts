import { readJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { addTsConfigPath, assertName, className, constantName, GeneratorNameError } from './workspace-edits';

const TSCONFIG = `{
  "compilerOptions": {
    "paths": {
      "@bff/b": ["libs/b/src/index.ts"],
      "@bff/d-long-name": [
        "libs/d/long/name/src/index.ts"
      ]
    },
    "strict": true
  }
}
`;

describe('addTsConfigPath', () => {
  it.each([
    ['@bff/a', 3],
    ['@bff/c', 4],
    ['@bff/e', 7],
  ])('inserts %s as line %i, in sorted place, leaving every other line as it was', (importPath, line) => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('tsconfig.base.json', TSCONFIG);
    addTsConfigPath(tree, importPath, 'libs/x/src/index.ts');
    const lines = (tree.read('tsconfig.base.json', 'utf-8') ?? '').split('\n');
    expect(lines[line].trim().replace(/,$/, '')).toBe(`"${importPath}": ["libs/x/src/index.ts"]`);
    expect(Object.keys(readJson(tree, 'tsconfig.base.json').compilerOptions.paths)).toEqual(['@bff/a', '@bff/b', '@bff/c', '@bff/d-long-name', '@bff/e'].filter((key) => key === importPath || !/^@bff\/[ace]$/.test(key)));
    expect(lines.filter((_, index) => index !== line).join('\n').replace(/\],\n(\s*)\}/, ']\n$1}')).toBe(TSCONFIG.replace(/\],\n(\s*)\}/, ']\n$1}'));
  });

  it('writes the paths of a tsconfig that has none', () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('tsconfig.base.json', '{ "compilerOptions": { "strict": true } }');
    addTsConfigPath(tree, '@bff/a', 'libs/a/src/index.ts');
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions).toEqual({ strict: true, paths: { '@bff/a': ['libs/a/src/index.ts'] } });
  });
});

describe('names', () => {
  it('derives class and constant names from kebab-case', () => {
    expect(className('feature-flags')).toBe('FeatureFlags');
    expect(constantName('feature-flags')).toBe('FEATURE_FLAGS');
  });

  it('refuses a non-string name', () => {
    expect(() => assertName('BFF', undefined, [])).toThrow(GeneratorNameError);
  });
});
