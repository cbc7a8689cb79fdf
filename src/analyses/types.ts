/**
 * What an analysis is: one descriptor (src/analyses/<name>.ts) listed once
 * in src/analyses/index.ts. Its command, `ipvi report` and `ipvi batch` all
 * read it: the options (flag, help, default, how a value is checked), the
 * pure function that makes its Table, the keys its options carry in
 * provenance, and the columns that identify a row.
 */
import type { ZodTypeAny, z as zod } from 'zod';

/** The zod namespace, handed to an option's schema maker. */
export type Zod = typeof zod;
import type { RuleSet } from '../classify/classify.js';
import type { PersonIndex } from '../classify/person-index.js';
import type { Config } from '../config/load.js';
import type { LoadResult } from '../ingest/read.js';
import type { Dataset, Table } from '../model.js';

/** What every analysis needs: one data set read once, one compiled rule set. */
export interface AnalysisContext {
  dataset: Dataset;
  index: PersonIndex;
  ruleSet: RuleSet;
  config: Config;
}

/** How a data set is read (what the command line's data options say). */
export interface DataOptions {
  incidents: string;
  notifications?: string;
  config?: string;
  rules?: string;
  coverageStart?: string;
  coverageEnd?: string;
  skipInvalid?: boolean;
  rejects?: string;
  maxErrors?: string;
  cache?: boolean;
  threads?: string;
}

/** One data set as read: its config, the dataset and the read's findings. */
export interface LoadedData {
  config: Config;
  dataset: Dataset;
  result: LoadResult;
}

/** One option of an analysis, as the command line, a manifest and provenance name it. */
export interface OptionDef {
  /** the key in the analysis's options record (what `run` reads) */
  name: string;
  /** commander flags, e.g. '--follow-up <months>' */
  flags: string;
  help: string;
  /** the help `ipvi report` shows for it (default: "<analysis>: <help>") */
  reportHelp?: string;
  /** the typed default; the command line shows it unless it is undefined, false or empty */
  default?: unknown;
  choices?: readonly string[];
  required?: boolean;
  /** the command-line text (or boolean, or undefined) → the typed value; throws UsageError */
  parse: (raw: unknown, flag: string) => unknown;
  /** its key under provenance.options (and in batch results) */
  provenanceKey: string;
  /** its key in a batch manifest, and the zod schema of ONE value there (made from zod when a manifest is read: a command does not load zod) */
  manifestKey: string;
  schema: (z: Zod) => ZodTypeAny;
  /** in a manifest, a list of values means one run per value */
  many?: boolean;
  /** `ipvi report` (and a manifest's report: block) offers it */
  report?: boolean;
}

export interface AnalysisDescriptor {
  /** the analysis's name: in manifests, batch results, and the command's name */
  kind: string;
  /** its own options, in help order (--suppress-below is added after them when `suppressible`) */
  options: OptionDef[];
  /** takes --suppress-below (a table meant for publication) */
  suppressible: boolean;
  /** the pure function: the Table its command prints */
  run: (ctx: AnalysisContext, options: Record<string, unknown>) => Table;
  /** the columns that identify a row (the batch's row_label) */
  keyColumns: string[];
  /** its own command (`ipvi <kind>`), when it has one built from this descriptor */
  command?: { description: string; notifications: 'required' | 'optional'; help: string };
  /**
   * A section of `ipvi report` for it, laid out generically (heading,
   * paragraph, the table). The report's own sections (tiers, prepost,
   * recidivism, survival, trend) are laid out by src/report/document.ts.
   */
  reportSection?: {
    heading: string;
    /** the paragraph above the table: fixed, or written from the table (plain words for command staff) */
    text: string | ((table: Table) => string);
    /** when the report shows the section (e.g. compare: only when a launch date is known); default always */
    applies?: (ctx: AnalysisContext, options: Record<string, unknown>) => boolean;
  };
}

/** One run of one analysis: its kind and its typed options. */
export interface AnalysisSpec {
  kind: string;
  options: Record<string, unknown>;
}
