/**
 * --suppress-below N as every command, the report and batch manifests read it
 * (src/analyses/values.ts, docs/methods.md#suppression).
 */
import { describe, expect, it } from 'vitest';
import { suppressBelowOption } from '../../src/analyses/values.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';

describe('--suppress-below', () => {
  it('takes a whole number of at least 1; absent is no suppression', () => {
    expect(suppressBelowOption(undefined)).toBeUndefined();
    expect(suppressBelowOption('1')).toBe(1);
    expect(suppressBelowOption('3')).toBe(3);
    expect(suppressBelowOption('11')).toBe(11);
    expect(() => suppressBelowOption('0')).toThrow(UsageError);
    expect(() => suppressBelowOption('2.5')).toThrow("--suppress-below '2.5' must be a whole number of at least 1");
  });

  it('refuses 2: with zeros shown, a cell reading <2 could only be 1', () => {
    expect(() => suppressBelowOption('2')).toThrow(
      "--suppress-below 2 would hide nothing: zeros are shown, so a cell reading '<2' could only be 1",
    );
    const r = runCli([
      'recidivism',
      '--incidents',
      'fixtures/demo/incidents.csv',
      '--notifications',
      'fixtures/demo/notifications.csv',
      '--suppress-below',
      '2',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'fix: use 3 or more (11 is a common publication threshold), or leave --suppress-below out',
    );
  });
});
