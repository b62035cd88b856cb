import { readJson, readProjectConfiguration, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { FsTree } from 'nx/src/generators/tree';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GeneratorNameError } from '../workspace-edits';
import { bffGenerator, nextPorts } from './bff.generator';

const ROOT = join(__dirname, '../../..');

/** The repository as it is on disk; every write stays in memory. */
const repoTree = (): Tree => new FsTree(ROOT, false);

describe('bff generator', () => {
  let tree: Tree;
  let ports: { port: number; managementPort: number };

  beforeAll(async () => {
    tree = repoTree();
    ports = nextPorts(tree);
    await bffGenerator(tree, { name: 'partner' });
  });

  it('creates the app, its e2e project and the feature lib, tagged with the new scope', () => {
    expect(readProjectConfiguration(tree, 'partner-bff')).toMatchObject({ root: 'apps/partner-bff', tags: ['scope:partner', 'type:app'] });
    expect(readProjectConfiguration(tree, 'partner-bff-e2e')).toMatchObject({ root: 'apps/partner-bff-e2e', tags: ['scope:partner', 'type:e2e'] });
    expect(readProjectConfiguration(tree, 'partner-feature-home')).toMatchObject({ root: 'libs/partner/feature-home', tags: ['scope:partner', 'type:feature'] });
    for (const file of [
      'apps/partner-bff/webpack.config.js',
      'apps/partner-bff/README.md',
      'apps/partner-bff/k8s/partner-bff.yaml',
      'apps/partner-bff-e2e/src/contract.spec.ts',
      'apps/partner-bff-e2e/src/home.spec.ts',
      'libs/partner/feature-home/src/lib/home.controller.ts',
      'libs/partner/feature-home/src/lib/home-view.spec.ts',
      'libs/partner/feature-home/README.md',
    ]) {
      expect({ file, exists: tree.exists(file) }).toEqual({ file, exists: true });
    }
  });

  it('boots on the next free port pair as the partner client, wired to the gateway and its feature lib', () => {
    expect(ports.port).toBeGreaterThan(3002);
    const main = tree.read('apps/partner-bff/src/main.ts', 'utf-8');
    expect(main?.split('\n')[0]).toBe("import '@bff/gateway-edge/v8';");
    expect(main).toContain(`defaults: { client: 'partner', port: ${ports.port}, managementPort: ${ports.managementPort} }`);
    const module = tree.read('apps/partner-bff/src/app/app.module.ts', 'utf-8');
    expect(module).toContain("import { PartnerFeatureHomeModule } from '@bff/partner-feature-home';");
    expect(module).toContain("GatewayModule.forRoot(config, { requiredServices: ['users'] }), PartnerFeatureHomeModule");
    expect(tree.read('libs/partner/feature-home/src/lib/home.controller.ts', 'utf-8')).toContain("@Controller('api/v1/home')");
  });

  it('gives the app every target a team needs, and the e2e a dependency on the build', () => {
    const app = readProjectConfiguration(tree, 'partner-bff');
    expect(Object.keys(app.targets ?? {})).toEqual(expect.arrayContaining(['build', 'serve', 'test', 'docker-build', 'container-config']));
    expect(app.targets?.['docker-build'].options.command).toBe('docker build --build-arg APP=partner-bff -t bff/partner-bff:latest .');
    expect(app.targets?.['container-config'].options.command).toContain('tools/deploy/container-config.ts partner-bff');
    expect(readProjectConfiguration(tree, 'partner-bff-e2e').targets?.['e2e'].dependsOn).toEqual(['partner-bff:build']);
  });

  it('adds the import path and the boundary rule scope:partner -> partner, shared', () => {
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@bff/partner-feature-home']).toEqual(['libs/partner/feature-home/src/index.ts']);
    const eslint = tree.read('eslint.config.mjs', 'utf-8') ?? '';
    expect(eslint).toContain("{ sourceTag: 'scope:partner', onlyDependOnLibsWithTags: ['scope:partner', 'scope:shared'] },");
    expect(eslint.match(/'scope:partner'/g)).toHaveLength(2);
    expect(eslint).toContain("{ sourceTag: 'scope:mobile', onlyDependOnLibsWithTags: ['scope:mobile', 'scope:shared'] },");
  });

  it('adds a compose service built from the root Dockerfile and a Prometheus scrape target', () => {
    const compose = parse(tree.read('docker-compose.yml', 'utf-8') ?? '', { merge: true });
    expect(compose.services['partner-bff']).toMatchObject({
      build: { context: '.', args: { APP: 'partner-bff' } },
      environment: { PORT: String(ports.port), MANAGEMENT_PORT: String(ports.managementPort), REDIS_URL: 'redis://redis:6379' },
      ports: [`${ports.port}:${ports.port}`, `${ports.managementPort}:${ports.managementPort}`],
    });
    expect(compose.services['prometheus']).toBeDefined();
    const prometheus = parse(tree.read('tools/observability/prometheus.yml', 'utf-8') ?? '');
    expect(prometheus.scrape_configs[0].static_configs[0].targets).toContain(`partner-bff:${ports.managementPort}`);
  });

  it('writes a manifest named after the app', () => {
    const manifest = tree.read('apps/partner-bff/k8s/partner-bff.yaml', 'utf-8') ?? '';
    expect(manifest).toContain('image: bff/partner-bff:latest');
    expect(manifest).toContain('secretRef: { name: partner-bff-jwt }');
    expect(manifest).not.toContain('mobile');
  });
});

describe('bff generator: ports', () => {
  it('takes the port pair after the highest of every app', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('apps/a-bff/src/main.ts', "defaults: { client: 'a', port: 3000, managementPort: 9100 },");
    tree.write('apps/b-bff/src/main.ts', "defaults: { client: 'b', port: 3007, managementPort: 9104 },");
    tree.write('apps/demo-services/src/main.ts', 'listen(4001)');
    expect(nextPorts(tree)).toEqual({ port: 3008, managementPort: 9105 });
  });
});

describe('bff generator: names it refuses, writing nothing', () => {
  it.each([
    ['Partner', /Invalid BFF name "Partner": expected lowercase kebab-case/],
    ['partner_api', /Invalid BFF name "partner_api"/],
    ['1partner', /Invalid BFF name "1partner"/],
    ['partner-', /Invalid BFF name "partner-"/],
    ['', /Invalid BFF name ""/],
    ['web', /The BFF name "web" is reserved/],
    ['shared', /The BFF name "shared" is reserved/],
    ['gateway', /The BFF name "gateway" is reserved/],
    ['partner-bff', /without -bff or -e2e/],
  ])('%j', async (name, message) => {
    const tree = repoTree();
    await expect(bffGenerator(tree, { name })).rejects.toThrow(GeneratorNameError);
    await expect(bffGenerator(tree, { name })).rejects.toThrow(message);
    expect(tree.listChanges()).toEqual([]);
  });

  it('refuses a taken name', async () => {
    const tree = repoTree();
    tree.write('libs/partner/feature-extra/README.md', '# an existing lib of the partner scope\n');
    await expect(bffGenerator(tree, { name: 'partner' })).rejects.toThrow('The BFF name "partner" is taken: libs/partner already exists.');
    expect(tree.listChanges().map((change) => change.path)).toEqual(['libs/partner/feature-extra/README.md']);
  });

  it('refuses a second BFF of the same name', async () => {
    const tree = repoTree();
    await bffGenerator(tree, { name: 'partner' });
    const changes = tree.listChanges().length;
    await expect(bffGenerator(tree, { name: 'partner' })).rejects.toThrow(/The BFF name "partner" is taken: apps\/partner-bff, apps\/partner-bff-e2e, libs\/partner already exist/);
    expect(tree.listChanges()).toHaveLength(changes);
  });

  it('refuses a workspace without the boundary matrix it must extend', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const before = tree.listChanges().length;
    await expect(bffGenerator(tree, { name: 'partner' })).rejects.toThrow('Cannot add scope:partner to the boundary matrix: eslint.config.mjs is missing.');
    expect(tree.listChanges()).toHaveLength(before);
  });
});
