// The vitest configuration Stryker runs (stryker.config.mjs): the same as
// vitest.config.ts, except that `npm run mutate -- <paths> --tests a,b`
// (IPVI_MUTATE_TESTS) narrows the test files, for a quick run on one file.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

const only = process.env.IPVI_MUTATE_TESTS?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

export default defineConfig({ ...base, test: { ...base.test, ...(only?.length ? { include: only } : {}) } });
