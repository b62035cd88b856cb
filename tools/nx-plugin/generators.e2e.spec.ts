import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each test works in a throwaway clone of this repository's committed HEAD, never in the working tree.
const ROOT = join(__dirname, '../..');
const clones: string[] = [];

/** A user's shell: no variables of the Nx task running this test, no daemon, no cloud, no colours to parse around. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_') && name !== 'FORCE_COLOR'));
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
}

/** Runs a command to its end in `cwd`; its exit code and combined output. */
function run(cwd: string, command: string, args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, env: shellEnv(), input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `nx <args>` in `cwd`, through the workspace's own Nx. */
const nx = (cwd: string, ...args: string[]) => run(cwd, process.execPath, [join(ROOT, 'node_modules/nx/bin/nx.js'), ...args]);

/** A clone of HEAD in a temporary directory, sharing this checkout's node_modules. */
function cloneHead(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bff-clone-'));
  clones.push(dir);
  const head = run(ROOT, 'git', ['rev-parse', 'HEAD']).output.trim();
  for (const args of [['clone', '--quiet', '--shared', '--no-checkout', ROOT, dir], ['-C', dir, 'checkout', '--quiet', head]]) {
    const git = run(ROOT, 'git', args);
    if (git.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${git.output}`);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Messages of the boundary rule for `source` linted as if it were `file` of `workspace`. */
function boundaryErrors(workspace: string, file: string, source: string): string {
  const eslint = run(workspace, process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], source);
  const [result] = JSON.parse(eslint.output.slice(eslint.output.indexOf('['))) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message)
    .join('\n');
}

afterAll(() => {
  for (const dir of clones) rmSync(dir, { recursive: true, force: true });
});

describe('nx g @bff/tools:bff partner on a clean checkout', () => {
  let workspace: string;

  beforeAll(() => {
    workspace = cloneHead();
    const generated = nx(workspace, 'g', '@bff/tools:bff', 'partner', '--no-interactive');
    if (generated.status !== 0) throw new Error(`nx g @bff/tools:bff partner failed:\n${generated.output}`);
  }, 120_000);

  it('passes `nx run-many -t lint,test,build -p partner-bff` with no hand edits', () => {
    const result = nx(workspace, 'run-many', '-t', 'lint,test,build', '-p', 'partner-bff', '--parallel=1', '--output-style=static');
    expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ status: 0, output: '' });
  }, 300_000);

  it('has a feature lib and an e2e project that pass lint, type-check, unit tests and the e2e over HTTP', () => {
    const result = nx(workspace, 'run-many', '-t', 'lint,typecheck,test,e2e', '-p', 'partner-feature-home', 'partner-bff-e2e', '--parallel=1', '--output-style=static');
    expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ status: 0, output: '' });
    expect(result.output).toMatch(/PASS.*partner-bff-e2e.*src\/.*home\.spec\.ts/);
    expect(result.output).toMatch(/PASS.*partner-bff-e2e.*src\/.*contract\.spec\.ts/);
  }, 300_000);

  it('refuses, in lint, imports between the new scope and another client scope, both ways', () => {
    expect(boundaryErrors(workspace, 'apps/partner-bff/src/app/violation.ts', "import { MobileFeatureCatalogModule } from '@bff/mobile-feature-catalog';\nexport const m = MobileFeatureCatalogModule;\n")).toMatch(
      /scope:partner.*can only depend on libs tagged with.*scope:partner.*scope:shared/s,
    );
    expect(boundaryErrors(workspace, 'libs/mobile/feature-catalog/src/lib/violation.ts', "import { PartnerFeatureHomeModule } from '@bff/partner-feature-home';\nexport const m = PartnerFeatureHomeModule;\n")).toMatch(
      /scope:mobile.*can only depend on libs tagged with/s,
    );
    expect(boundaryErrors(workspace, 'libs/gateway/health/src/lib/violation.ts', "import { PartnerFeatureHomeModule } from '@bff/partner-feature-home';\nexport const m = PartnerFeatureHomeModule;\n")).toMatch(
      /scope:shared.*can only depend on libs tagged with.*scope:shared/s,
    );
  }, 120_000);

  it('leaves a docker-compose file that still parses, and a Kubernetes manifest the deploy spec accepts', () => {
    const compose = run(workspace, 'docker-compose', ['-f', 'docker-compose.yml', 'config', '--services']);
    expect(compose.status).toBe(0);
    expect(compose.output.split('\n')).toContain('partner-bff');
    const manifests = run(workspace, process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', 'tools/jest.config.ts', 'tools/deploy/kubernetes.spec.ts', '-t', 'partner-bff']);
    expect({ status: manifests.status, output: manifests.status === 0 ? '' : manifests.output }).toEqual({ status: 0, output: '' });
    expect(manifests.output).toMatch(/Tests: +\d+ skipped, 5 passed/);
  }, 120_000);

  // Last: it strips the tags of the new app in this clone.
  it('refuses, in lint, any import of a project that lost its tags', () => {
    const projectFile = join(workspace, 'apps/partner-bff/project.json');
    writeFileSync(projectFile, JSON.stringify({ ...JSON.parse(readFileSync(projectFile, 'utf8')), tags: [] }, null, 2));
    expect(nx(workspace, 'show', 'projects').status).toBe(0); // lint reads the cached project graph: refresh it
    expect(boundaryErrors(workspace, 'apps/partner-bff/src/app/untagged.ts', "import { GatewayModule } from '@bff/gateway-edge';\nexport const m = GatewayModule;\n")).toMatch(
      /A project without tags matching at least one constraint cannot depend on any libraries/,
    );
  }, 120_000);
});

describe('nx g @bff/tools:gateway-lib on a clean checkout', () => {
  it('creates a lib that passes lint, type-check and its unit tests', () => {
    const workspace = cloneHead();
    const generated = nx(workspace, 'g', '@bff/tools:gateway-lib', 'feature-flags', '--no-interactive');
    expect(generated.status).toBe(0);
    const result = nx(workspace, 'run-many', '-t', 'lint,typecheck,test', '-p', 'gateway-feature-flags', '--parallel=1', '--output-style=static');
    expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ status: 0, output: '' });
  }, 240_000);
});

describe('nx affected after a change in libs/mobile', () => {
  it('touches only the mobile lib, mobile-bff and its e2e', () => {
    const workspace = cloneHead();
    appendFileSync(join(workspace, 'libs/mobile/feature-catalog/src/lib/products.controller.ts'), '\n// a throwaway change\n');
    const commit = run(workspace, 'git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '-am', 'throwaway']);
    expect(commit.status).toBe(0);
    const affected = nx(workspace, 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json');
    expect(affected.status).toBe(0);
    const projects = JSON.parse(affected.output.slice(affected.output.indexOf('['))) as string[];
    expect(projects.sort()).toEqual(['mobile-bff', 'mobile-bff-e2e', 'mobile-feature-catalog']);
    const withTests = nx(workspace, 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--withTarget=test', '--json');
    expect((JSON.parse(withTests.output.slice(withTests.output.indexOf('['))) as string[]).sort()).toEqual(['mobile-bff', 'mobile-feature-catalog']);
  }, 120_000);
});
