/** The parsed-config cache: same result as parsing, keyed by text, ignored when unreadable. */
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { fixture } from '../helpers/run-cli.js';

describe('parsed-config cache', () => {
  it('gives the same Config as parsing, and is used on the second load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-cc-'));
    const plain = loadConfig(fixture('agency/config.yaml'));
    const first = loadConfig(fixture('agency/config.yaml'), { cacheDir: dir });
    const files = readdirSync(dir).filter((f) => f.startsWith('config-'));
    expect(files).toHaveLength(2); // the agency config and the default rules file
    const second = loadConfig(fixture('agency/config.yaml'), { cacheDir: dir });
    expect(first).toEqual(plain);
    expect(second).toEqual(plain);
  });

  it('ignores a corrupt entry and rewrites it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-cc-'));
    loadConfig(undefined, { cacheDir: dir });
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry), '{"text": "not the same text", "data": {"rules": "x"}}');
    expect(loadConfig(undefined, { cacheDir: dir })).toEqual(loadConfig());
    writeFileSync(join(dir, entry), 'garbage');
    expect(loadConfig(undefined, { cacheDir: dir })).toEqual(loadConfig());
  });

  it('does not cache a config that fails validation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-cc-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'colour: red\n');
    expect(() => loadConfig(bad, { cacheDir: join(dir, 'c') })).toThrow(/unknown key 'colour'/);
    expect(() => loadConfig(bad, { cacheDir: join(dir, 'c') })).toThrow(/unknown key 'colour'/);
  });
});

describe('the cache folder', () => {
  it('is $IPVI_CACHE_DIR, else ipvi/ under $XDG_CACHE_HOME or ~/.cache; created private to the user', async () => {
    const { defaultCacheDir } = await import('../../src/cli/data.js');
    const saved = { d: process.env.IPVI_CACHE_DIR, x: process.env.XDG_CACHE_HOME };
    try {
      process.env.IPVI_CACHE_DIR = '/tmp/some-ipvi-cache';
      expect(defaultCacheDir()).toBe('/tmp/some-ipvi-cache');
      delete process.env.IPVI_CACHE_DIR;
      process.env.XDG_CACHE_HOME = '/tmp/xdg';
      expect(defaultCacheDir()).toBe('/tmp/xdg/ipvi');
      delete process.env.XDG_CACHE_HOME;
      expect(defaultCacheDir()).toMatch(/\/\.cache\/ipvi$/);
    } finally {
      if (saved.d === undefined) delete process.env.IPVI_CACHE_DIR;
      else process.env.IPVI_CACHE_DIR = saved.d;
      if (saved.x === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved.x;
    }
    const dir = join(mkdtempSync(join(tmpdir(), 'ipvi-cc-')), 'nested', 'cache');
    loadConfig(undefined, { cacheDir: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
