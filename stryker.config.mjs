// StrykerJS configuration: mutation testing of the core (docs/testing.md).
// `npm run mutate` mutates every core folder; `npm run mutate -- src/stats`
// mutates one folder (or file) through scripts/mutate.mjs.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts' },
  // only the tests that cover a mutant run against it (the vitest runner always works per test)
  coverageAnalysis: 'perTest',
  // the development machine has 2 cores shared with other work
  concurrency: 1,
  mutate: [
    'src/stats/**/*.ts',
    'src/classify/**/*.ts',
    'src/metrics/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/*.fixture.ts',
    '!src/**/*.d.ts',
  ],
  // a mutant in module-level code (catalogs, constant tables) is "static": every test
  // would have to run against it. They are counted as ignored; see docs/testing.md.
  ignoreStatic: true,
  // the first, unmutated run of the whole suite takes minutes on a loaded machine
  dryRunTimeoutMinutes: 30,
  timeoutMS: 10000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['.stryker-tmp*', 'test-output', 'reports', '.ipvi-cache', 'bench/results'],
};
