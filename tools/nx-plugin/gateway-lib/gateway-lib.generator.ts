import { generateFiles, getProjects, logger, Tree } from '@nx/devkit';
import { join } from 'node:path';
import { addTsConfigPath, assertFree, assertName, className, constantName, GeneratorNameError } from '../workspace-edits';

/** Options of `nx g @bff/tools:gateway-lib <concern>`. */
export interface GatewayLibGeneratorOptions {
  concern: string;
}

/** Names that would read as the gateway itself or a scope rather than one concern. */
export const RESERVED_GATEWAY_LIB_NAMES = ['gateway', 'shared', 'tools', 'lib', 'libs', 'common', 'core', 'index'];

/**
 * `nx g @bff/tools:gateway-lib <concern>`: `libs/gateway/<concern>` with the house conventions:
 * barrel, `<concern>.module-definition.ts` (ConfigurableModuleBuilder, `forRoot`), module, typed
 * options, a spec, README, tags `scope:shared` + `type:platform`, jest/eslint/tsconfig files and
 * the `@bff/gateway-<concern>` import path. A bad, reserved or taken name throws before anything is written.
 */
export async function gatewayLibGenerator(tree: Tree, options: GatewayLibGeneratorOptions): Promise<() => void> {
  const concern = assertName('gateway lib', options.concern, RESERVED_GATEWAY_LIB_NAMES);
  assertFree(tree, 'gateway lib', concern, [`libs/gateway/${concern}`]);
  if (getProjects(tree).has(`gateway-${concern}`)) {
    throw new GeneratorNameError(`The gateway lib name "${concern}" is taken: a project named gateway-${concern} already exists.`);
  }
  generateFiles(tree, join(__dirname, 'files'), `libs/gateway/${concern}`, {
    concern,
    className: className(concern),
    constantName: constantName(concern),
    tmpl: '',
  });
  addTsConfigPath(tree, `@bff/gateway-${concern}`, `libs/gateway/${concern}/src/index.ts`);
  return () => logger.info(`gateway-${concern}: import it as @bff/gateway-${concern}; npx nx test gateway-${concern}`);
}

export default gatewayLibGenerator;
