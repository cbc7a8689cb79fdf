/** docs/config.md lists every feature and function the rule language offers (FEATURE_CATALOG). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_CATALOG } from '../../src/classify/features.js';
import { ROOT } from '../helpers/run-cli.js';

describe('docs/config.md', () => {
  const doc = readFileSync(resolve(ROOT, 'docs/config.md'), 'utf8');
  it('names every feature', () => {
    for (const f of FEATURE_CATALOG.features) {
      const short = f.name.replace(/_(D|C|B|A)$/, '_D');
      expect(doc.includes(`\`${f.name}\``) || doc.includes(`\`${short}\``), f.name).toBe(true);
    }
  });
  it('names every function', () => {
    for (const f of FEATURE_CATALOG.functions) expect(doc, f.name).toContain(`\`${f.name}(`);
  });
});
