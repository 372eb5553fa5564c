// Shared jest configuration: ESM mode with ts-jest (run under `node --experimental-vm-modules`).
// `isolatedModules` in tsconfig makes ts-jest transpile file by file; `tsc --noEmit` type-checks.
export function jestConfig(options = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
    },
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testTimeout: 30_000,
    ...options,
  };
}
