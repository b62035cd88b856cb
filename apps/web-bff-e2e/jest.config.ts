export default {
  displayName: 'web-bff-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testTimeout: 30_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/web-bff-e2e',
};
