const nxPreset = require('@nx/jest/preset').default;

// Unit specs start real servers and Nest apps in their hooks: on a shared 2-core machine a hook can
// take longer than Jest's default 5 s without anything being wrong.
module.exports = { ...nxPreset, testTimeout: 20_000 };
