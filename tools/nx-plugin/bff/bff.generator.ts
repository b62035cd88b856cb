import { generateFiles, getProjects, logger, Tree } from '@nx/devkit';
import { join } from 'node:path';
import { addTsConfigPath, assertFree, assertName, className, GeneratorNameError } from '../workspace-edits';

/** Options of `nx g @bff/tools:bff <name>`. */
export interface BffGeneratorOptions {
  name: string;
}

/** Names that are scopes, folders or tags of the platform, or the three first BFFs. */
export const RESERVED_BFF_NAMES = ['web', 'mobile', 'admin', 'shared', 'gateway', 'tools', 'demo', 'contracts', 'app', 'bff', 'e2e'];

const ESLINT_CONFIG = 'eslint.config.mjs';
const COMPOSE_FILE = 'docker-compose.yml';
const PROMETHEUS_CONFIG = 'tools/observability/prometheus.yml';
// A client scope's rule in the boundary matrix: the scope itself and shared, nothing else.
const SCOPE_RULE = /^([ \t]*)\{ sourceTag: 'scope:([a-z0-9-]+)', onlyDependOnLibsWithTags: \['scope:\2', 'scope:shared'\] \},?[ \t]*$/gm;
const BOOTSTRAP_PORTS = /port:\s*(\d+),\s*managementPort:\s*(\d+)/;

/** The next free public and management port pair after those of the BFFs in `apps/`. */
export function nextPorts(tree: Tree): { port: number; managementPort: number } {
  let port = 2999;
  let managementPort = 9099;
  for (const app of tree.children('apps')) {
    const main = `apps/${app}/src/main.ts`;
    const match = tree.exists(main) ? BOOTSTRAP_PORTS.exec(tree.read(main, 'utf-8') ?? '') : null;
    if (match) {
      port = Math.max(port, Number(match[1]));
      managementPort = Math.max(managementPort, Number(match[2]));
    }
  }
  return { port: port + 1, managementPort: managementPort + 1 };
}

/** The boundary matrix with `scope:<name> -> <name>, shared` after the last client scope's rule. */
function withScopeRule(config: string, name: string): string {
  const rules = [...config.matchAll(SCOPE_RULE)];
  const last = rules.at(-1);
  if (!last || last.index === undefined) {
    throw new GeneratorNameError(`Cannot add scope:${name} to the boundary matrix: no "{ sourceTag: 'scope:<x>', ... }" rule found in ${ESLINT_CONFIG}.`);
  }
  const end = last.index + last[0].length;
  const rule = `${last[1]}{ sourceTag: 'scope:${name}', onlyDependOnLibsWithTags: ['scope:${name}', 'scope:shared'] },`;
  return `${config.slice(0, end)}\n${rule}${config.slice(end)}`;
}

/** The compose file with a `<name>-bff` service built like the others, before the `prometheus` service. */
function withComposeService(compose: string, name: string, ports: { port: number; managementPort: number }): string | undefined {
  const anchor = compose.indexOf('\n  prometheus:\n');
  if (anchor < 0 || !compose.includes('x-bff: &bff') || !compose.includes('x-bff-environment: &bff-environment')) return undefined;
  const service = [
    `  ${name}-bff:`,
    '    <<: *bff',
    '    build:',
    '      context: .',
    '      args:',
    `        APP: ${name}-bff`,
    '    environment:',
    '      <<: *bff-environment',
    `      PORT: '${ports.port}'`,
    `      MANAGEMENT_PORT: '${ports.managementPort}'`,
    '    ports:',
    `      - '${ports.port}:${ports.port}'`,
    `      - '${ports.managementPort}:${ports.managementPort}'`,
    '',
  ].join('\n');
  return `${compose.slice(0, anchor + 1)}${service}${compose.slice(anchor)}`;
}

/** The Prometheus scrape list with the new BFF's management port. */
function withScrapeTarget(prometheus: string, target: string): string | undefined {
  const targets = /(targets: \[)([^\]]*)(\])/.exec(prometheus);
  if (!targets || targets.index === undefined) return undefined;
  return `${prometheus.slice(0, targets.index)}${targets[1]}${targets[2]}, '${target}'${targets[3]}${prometheus.slice(targets.index + targets[0].length)}`;
}

/**
 * `nx g @bff/tools:bff <name>`: a BFF a client team owns alone. Creates `apps/<name>-bff`
 * (bootstrap on the next free port pair, GatewayModule, Dockerfile and Kubernetes targets),
 * `apps/<name>-bff-e2e` (the common contract plus the home route over HTTP),
 * `libs/<name>/feature-home` (`GET /api/v1/home`), tags `scope:<name>`, the import path, the
 * boundary rule `scope:<name> -> <name>, shared`, and the docker-compose service and Prometheus
 * target. A bad, reserved or taken name throws before anything is written.
 */
export async function bffGenerator(tree: Tree, options: BffGeneratorOptions): Promise<() => void> {
  const name = assertName('BFF', options.name, RESERVED_BFF_NAMES);
  if (/-(bff|e2e)$/.test(name)) {
    throw new GeneratorNameError(`Invalid BFF name "${name}": give the client's name without -bff or -e2e (e.g. partner creates apps/partner-bff).`);
  }
  const projects = getProjects(tree);
  const projectNames = [`${name}-bff`, `${name}-bff-e2e`, `${name}-feature-home`];
  assertFree(tree, 'BFF', name, [`apps/${name}-bff`, `apps/${name}-bff-e2e`, `libs/${name}`]);
  const clash = projectNames.find((project) => projects.has(project));
  if (clash) throw new GeneratorNameError(`The BFF name "${name}" is taken: a project named ${clash} already exists.`);
  if (!tree.exists(ESLINT_CONFIG)) throw new GeneratorNameError(`Cannot add scope:${name} to the boundary matrix: ${ESLINT_CONFIG} is missing.`);
  const eslintConfig = withScopeRule(tree.read(ESLINT_CONFIG, 'utf-8') ?? '', name);

  const ports = nextPorts(tree);
  const substitutions = { name, className: className(name), ...ports, tmpl: '' };
  generateFiles(tree, join(__dirname, 'files/app'), `apps/${name}-bff`, substitutions);
  generateFiles(tree, join(__dirname, 'files/e2e'), `apps/${name}-bff-e2e`, substitutions);
  generateFiles(tree, join(__dirname, 'files/lib'), `libs/${name}/feature-home`, substitutions);
  addTsConfigPath(tree, `@bff/${name}-feature-home`, `libs/${name}/feature-home/src/index.ts`);
  tree.write(ESLINT_CONFIG, eslintConfig);

  const notes: string[] = [];
  const compose = tree.exists(COMPOSE_FILE) ? withComposeService(tree.read(COMPOSE_FILE, 'utf-8') ?? '', name, ports) : undefined;
  if (compose) tree.write(COMPOSE_FILE, compose);
  else notes.push(`${COMPOSE_FILE}: no x-bff anchors or prometheus service found; add a ${name}-bff service by hand.`);
  const prometheus = tree.exists(PROMETHEUS_CONFIG) ? withScrapeTarget(tree.read(PROMETHEUS_CONFIG, 'utf-8') ?? '', `${name}-bff:${ports.managementPort}`) : undefined;
  if (prometheus) tree.write(PROMETHEUS_CONFIG, prometheus);
  else notes.push(`${PROMETHEUS_CONFIG}: no scrape targets found; add ${name}-bff:${ports.managementPort} by hand.`);

  return () => {
    for (const note of notes) logger.warn(note);
    logger.info(`${name}-bff: public port ${ports.port}, management port ${ports.managementPort}. Next:`);
    logger.info(`  npx nx serve ${name}-bff    npx nx test ${name}-feature-home    npx nx e2e ${name}-bff-e2e`);
  };
}

export default bffGenerator;
