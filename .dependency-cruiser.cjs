/**
 * The dependency check (`npm run deps`, run in CI by test/tooling/dependencies.test.ts):
 * no import cycles, and layers that only point down (README.md#architecture).
 *
 *   vocabulary  src/model.ts, src/dates.ts, src/errors.ts, src/fields.ts, src/edit-distance.ts, src/random.ts,
 *               src/row-source.ts (how a Table's rows may be made on demand): import only each other
 *   io          src/io/ (atomic write, folders, provenance, version): imports only the vocabulary
 *   then, each importing only the layers before it:
 *   config → ingest → classify → stats → metrics → analyses → report → batch → cli
 *   simulate    beside the pipeline: imports only io, the vocabulary, the one CSV cell writer
 *               (report/csv-line.ts) and ingest/growable.ts; only cli imports it
 *
 * Type-only imports count (tsPreCompilationDeps): a type from a higher layer is still an upward dependency.
 * Co-located tests and fixtures are not part of the layering and are left out.

 */
// io/terminal-safe.ts is pure string code with no imports (how text is made visible): every layer,
// the error formatter included, uses it, so it counts as vocabulary
const VOCABULARY = '^src/((model|dates|errors|fields|edit-distance|random|row-source)\\.ts|io/terminal-safe\\.ts)$';
const IO = '^src/(io/|make-folder\\.ts$)';

/** The pipeline, bottom first: a module may import its own layer and the ones before it. */
const LAYERS = [
  ['config', '^src/config/'],
  ['ingest', '^src/ingest/'],
  ['classify', '^src/classify/'],
  ['stats', '^src/stats/'],
  ['metrics', '^src/metrics/'],
  ['analyses', '^src/analyses/'],
  ['report', '^src/report/'],
  ['batch', '^src/batch/'],
  ['cli', '^src/cli/'],
];

const upward = LAYERS.flatMap(([name, path], i) => {
  const higher = LAYERS.slice(i + 1);
  if (higher.length === 0) return [];
  return [
    {
      name: `layer-${name}`,
      comment: `${name} may import only the layers below it (${
        LAYERS.slice(0, i)
          .map(([n]) => n)
          .join(', ') || 'none'
      }), io and the vocabulary; not ${higher.map(([n]) => n).join(', ')} or simulate`,
      severity: 'error',
      from: { path },
      to: { path: [...higher.map(([, p]) => p), '^src/simulate/'] },
    },
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'vocabulary-imports-only-vocabulary',
      comment: 'model, dates, errors and fields import only each other (and packages)',
      severity: 'error',
      from: { path: VOCABULARY },
      to: { path: '^src/', pathNot: VOCABULARY },
    },
    {
      name: 'io-imports-only-vocabulary',
      comment: 'io is the bottom layer: it imports only itself and the vocabulary',
      severity: 'error',
      from: { path: IO },
      to: { path: '^src/', pathNot: [VOCABULARY, IO] },
    },
    ...upward,
    {
      name: 'simulate-imports-only-io-and-vocabulary',
      comment:
        'simulate sits beside the pipeline, using io, model and fields, plus the one CSV cell writer (so its files quote like every output) and the growable column arrays',
      severity: 'error',
      from: { path: '^src/simulate/' },
      to: {
        path: '^src/',
        pathNot: [VOCABULARY, IO, '^src/simulate/', '^src/report/csv-line\\.ts$', '^src/ingest/growable\\.ts$'],
      },
    },
    {
      name: 'only-cli-imports-simulate',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|simulate)/' },
      to: { path: '^src/simulate/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'every relative import resolves to a file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(test|fixture)\\.ts$' },
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
