/**
 * Published recidivism figures from the NNSC 2023 IPVI presentation (NNSC, "Intimate
 * Partner Violence Intervention", 22 March 2023; docs/methods.md#recidivism). They are
 * shown beside a computed recidivism table for comparison, never mixed into
 * it: each measured something different, on different people, with a
 * definition the presentation does not fully state.
 */

export interface PublishedRecidivism {
  /** where */
  site: string;
  /** 'A'…'D' for the Kingston by-level figures, 'all' otherwise */
  level: string;
  /** as a proportion (0.488 for 48.8%) */
  rate: number;
  /** the citation as the presentation gives it */
  source: string;
  /** what the figure measured, as far as the presentation says */
  measured: string;
}

const SEED = 'the NNSC 2023 IPVI presentation';
const KINGSTON_MEASURED =
  'Kingston, NY IPVI: recidivism % of notified abusive partners by their classification level; the presentation does not state the follow-up period or what counted as reoffending';

export const PUBLISHED_RECIDIVISM: readonly PublishedRecidivism[] = [
  { site: 'Kingston, NY', level: 'A', rate: 0.488, source: SEED, measured: KINGSTON_MEASURED },
  { site: 'Kingston, NY', level: 'B', rate: 0.525, source: SEED, measured: KINGSTON_MEASURED },
  { site: 'Kingston, NY', level: 'C', rate: 0.389, source: SEED, measured: KINGSTON_MEASURED },
  { site: 'Kingston, NY', level: 'D', rate: 0.273, source: SEED, measured: KINGSTON_MEASURED },
  {
    site: 'High Point, NC',
    level: 'all',
    rate: 0.19,
    source: `${SEED}; Sechrist & Weil (2018), Violence Against Women 24(3)`,
    measured:
      'recidivism of abusive partners handled by the High Point IPVI (all levels); follow-up and event definition as in the cited evaluation',
  },
  {
    site: 'Olympia, WA',
    level: 'all',
    rate: 0.45,
    source: `${SEED}; George (2012)`,
    measured:
      'recidivism under a traditional domestic-violence intervention (comparison, not IPVI); definition as in the cited study',
  },
  {
    site: 'Rhode Island',
    level: 'all',
    rate: 0.642,
    source: `${SEED}; Klein et al. (2005)`,
    measured:
      'recidivism under a traditional domestic-violence intervention (comparison, not IPVI); definition as in the cited study',
  },
];

/** One note line listing the published figures, for under a recidivism table. */
export function publishedRecidivismNote(): string {
  const k = PUBLISHED_RECIDIVISM.filter((b) => b.site === 'Kingston, NY');
  const others = PUBLISHED_RECIDIVISM.filter((b) => b.site !== 'Kingston, NY');
  const pct = (r: number) => `${(r * 100).toFixed(1).replace(/\.0$/, '')}%`;
  return (
    'published, for comparison only (not computed from this data; each measured something different — check the original before comparing): ' +
    `Kingston, NY IPVI by level ${k.map((b) => `${b.level} ${pct(b.rate)}`).join(', ')}; ` +
    others
      .map(
        (b) =>
          `${b.site} ${pct(b.rate)} (${b.source.split('; ')[1]}${b.site === 'High Point, NC' ? ', IPVI' : ', traditional DV intervention'})`,
      )
      .join('; ')
  );
}
