// Infers a `typecheck` target for every project: `tsc --noEmit` over each of its tsconfig.*.json.
const { readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const createNodesV2 = [
  '{apps,libs,tools}/**/project.json',
  (projectFiles, _options, context) =>
    projectFiles.map((file) => {
      const root = dirname(file);
      const configs = readdirSync(join(context.workspaceRoot, root)).filter((name) => /^tsconfig\..+\.json$/.test(name));
      if (configs.length === 0) return [file, {}];
      return [
        file,
        {
          projects: {
            [root]: {
              targets: {
                typecheck: {
                  executor: 'nx:run-commands',
                  cache: true,
                  inputs: ['default', '^default', { externalDependencies: ['typescript'] }],
                  options: {
                    cwd: root,
                    commands: configs.map((config) => `tsc --noEmit -p ${config}`),
                    parallel: false,
                  },
                },
              },
            },
          },
        },
      ];
    }),
];

module.exports = { createNodesV2 };
