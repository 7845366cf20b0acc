/**
 * Jest runs TypeScript as native ESM through ts-jest (NODE_OPTIONS=--experimental-vm-modules is set by
 * the npm script). Type checking is `tsc --noEmit` in `npm test`, so ts-jest only transpiles: faster,
 * and one place reports type errors.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // Every line the runtime logs during the run is scanned for canaries at the end (test/security/).
  globalSetup: '<rootDir>/test/security/global-setup.ts',
  globalTeardown: '<rootDir>/test/security/global-teardown.ts',
};
