// The webpack configuration every Node app of the workspace shares: a single bundle at
// dist/apps/<app>/main.js with its own package.json and lock file (for `npm ci` in the image).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * @param {string} appDir the app's folder (`__dirname` of its webpack.config.js)
 * @param {{ assets?: object[] }} [options]
 */
module.exports = function nodeAppConfig(appDir, options = {}) {
  return {
    output: {
      path: join(appDir, '../../dist/apps', basename(appDir)),
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: options.assets ?? [],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
};
