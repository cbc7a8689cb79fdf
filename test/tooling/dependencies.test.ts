/**
 * The dependency check: no import cycles and no upward imports between layers
 * (.dependency-cruiser.cjs; README.md#architecture). The same command as
 * `npm run deps`; the second test proves the rules catch what they claim to
 * on a small tree made for the purpose.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

function depcruise(cwd: string, extra: string[] = []): { code: number; out: string } {
  try {
    const out = execFileSync(
      process.execPath,
      [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err', ...extra],
      {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return { code: 0, out };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('the dependency check', () => {
  it('src/ has no import cycle and no upward import (npm run deps)', () => {
    const r = depcruise(ROOT, []);
    expect(r.out).not.toMatch(/error/);
    expect(r.code).toBe(0);
  });

  it('catches a cycle, an upward import, an import of cli, and simulate used outside cli', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-deps-'));
    try {
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
        'package.json': JSON.stringify({ type: 'module' }),
        'src/model.ts': 'export const A = 1;\n',
        'src/ingest/a.ts': "import { B } from './b.js';\nexport const A = B;\n",
        'src/ingest/b.ts': "import { A } from './a.js';\nexport const B = A;\n",
        'src/metrics/m.ts': "import { R } from '../report/r.js';\nexport const M = R;\n",
        'src/report/r.ts': "import { C } from '../cli/c.js';\nexport const R = C;\n",
        'src/batch/s.ts': "import { S } from '../simulate/s.js';\nexport const T = S;\n",
        'src/simulate/s.ts': "import { A } from '../model.js';\nexport const S = A;\n",
        'src/cli/c.ts': "import { S } from '../simulate/s.js';\nexport const C = S;\n",
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const r = depcruise(dir);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/no-circular: src\/ingest\/(a|b)\.ts/);
      expect(r.out).toMatch(/layer-metrics: src\/metrics\/m\.ts → src\/report\/r\.ts/);
      expect(r.out).toMatch(/layer-report: src\/report\/r\.ts → src\/cli\/c\.ts/);
      expect(r.out).toMatch(/only-cli-imports-simulate: src\/batch\/s\.ts → src\/simulate\/s\.ts/);
      expect(r.out).not.toMatch(/src\/cli\/c\.ts → src\/simulate/);
      expect(r.out).not.toMatch(/src\/simulate\/s\.ts → src\/model/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
