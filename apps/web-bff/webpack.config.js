const nodeAppConfig = require('../../tools/webpack/node-app.config');

module.exports = nodeAppConfig(__dirname, {
  assets: [{ input: '../../libs/contracts/src/proto', glob: '*.proto', output: 'proto' }],
});
