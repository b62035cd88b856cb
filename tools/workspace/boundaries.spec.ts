import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { globSync } from 'glob';

const ROOT = join(__dirname, '../..');

/** Lints `source` as if it were `file` (through stdin, so nothing is written to the tree). */
function boundaryErrors(file: string, source: string): string[] {
  const eslint = spawnSync(process.execPath, [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(eslint.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('workspace boundaries', () => {
  it('tags every project with a scope and a type', () => {
    const projects = globSync('{apps,libs,tools}/**/project.json', { cwd: ROOT, ignore: '**/node_modules/**' });
    expect(projects.length).toBeGreaterThan(15);
    for (const file of projects) {
      const { tags = [] } = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { tags?: string[] };
      expect({ project: dirname(file), scope: tags.some((t) => t.startsWith('scope:')), type: tags.some((t) => t.startsWith('type:')) }).toEqual({
        project: dirname(file),
        scope: true,
        type: true,
      });
    }
  });

  it("fails lint when a BFF imports another BFF's lib", () => {
    const errors = boundaryErrors('apps/web-bff/src/app/violation.ts', "import { MobileFeatureCatalogModule } from '@bff/mobile-feature-catalog';\nexport const m = MobileFeatureCatalogModule;\n");
    expect(errors.join('\n')).toMatch(/scope:web.*can only depend on libs tagged with.*scope:shared/s);
  });

  it('fails lint when a shared lib imports a client scope', () => {
    // A client lib outside gateway-health's own dependency closure: otherwise lint reports the cycle instead.
    const errors = boundaryErrors('libs/gateway/health/src/lib/violation.ts', "import { WebFeatureSessionModule } from '@bff/web-feature-session';\nexport const m = WebFeatureSessionModule;\n");
    expect(errors.join('\n')).toMatch(/scope:shared.*can only depend on libs tagged with.*scope:shared/s);
  });

  it('fails lint when a util lib imports a platform lib', () => {
    const errors = boundaryErrors('libs/contracts/src/lib/violation.ts', "import { GatewayMetrics } from '@bff/gateway-observability';\nexport const m = GatewayMetrics;\n");
    expect(errors.join('\n')).toMatch(/type:util.*can only depend on libs tagged with.*type:util/s);
  });

  it('lets a BFF import its own feature lib and the shared libs', () => {
    const errors = boundaryErrors(
      'apps/web-bff/src/app/allowed.ts',
      "import { WebFeatureUsersModule } from '@bff/web-feature-users';\nimport { GatewayModule } from '@bff/gateway-edge';\nexport const m = [WebFeatureUsersModule, GatewayModule];\n",
    );
    expect(errors).toEqual([]);
  });
});

describe('project graph', () => {
  interface Graph {
    nodes: Record<string, { data: { tags?: string[] } }>;
    dependencies: Record<string, { target: string }[]>;
  }

  function projectGraph(): Graph {
    const file = join(mkdtempSync(join(tmpdir(), 'graph-')), 'graph.json');
    spawnSync(process.execPath, [require.resolve('nx/bin/nx'), 'graph', `--file=${file}`], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    return (JSON.parse(readFileSync(file, 'utf8')) as { graph: Graph }).graph;
  }

  function reachable(graph: Graph, from: string): Set<string> {
    const seen = new Set<string>();
    const visit = (name: string): void => {
      for (const { target } of graph.dependencies[name] ?? []) {
        if (graph.nodes[target] && !seen.has(target)) {
          seen.add(target);
          visit(target);
        }
      }
    };
    visit(from);
    return seen;
  }

  it('has each BFF depend on shared libs and its own scope only, never on another BFF', () => {
    const graph = projectGraph();
    const bffs = globSync('apps/*-bff/project.json', { cwd: ROOT }).map((file) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { name: string; tags: string[] });
    expect(bffs.map((bff) => bff.name)).toEqual(expect.arrayContaining(['web-bff', 'mobile-bff', 'admin-bff']));
    for (const { name: app, tags } of bffs) {
      const scope = tags.find((tag) => tag.startsWith('scope:')) as string;
      const deps = [...reachable(graph, app)];
      expect(deps).toEqual(expect.arrayContaining(['gateway-edge', 'gateway-upstream', 'gateway-auth']));
      // scope:tools is build tooling (the shared webpack configuration), never bundled into an app.
      const allowed = [scope, 'scope:shared', 'scope:tools'];
      const foreign = deps.filter((dep) => !(graph.nodes[dep].data.tags ?? []).some((tag) => allowed.includes(tag)));
      expect({ app, foreign }).toEqual({ app, foreign: [] });
    }
  });
});
