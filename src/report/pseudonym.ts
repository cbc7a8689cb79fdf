/**
 * Keyed pseudonyms: HMAC-SHA256(key, kind + ":" + id), shown as a kind
 * prefix and the first 16 hex digits (64 bits). Stable across runs with the
 * same key, so monthly lists still line up; without the key an ID cannot be
 * recovered or checked by guessing.
 */
import { createHmac } from 'node:crypto';

export type IdKind = 'person' | 'victim' | 'incident';

export function pseudonym(key: Buffer, kind: IdKind, id: string): string {
  const mac = createHmac('sha256', key).update(`${kind}:${id}`).digest('hex');
  return `${kind === 'person' ? 'P' : kind === 'victim' ? 'V' : 'I'}-${mac.slice(0, 16)}`;
}

/**
 * Label functions for person and victim indices: the raw IDs, or pseudonyms
 * when a key is given. The pools are read only when a label is asked for (a
 * pool loaded from a snapshot decodes its strings on first use).
 */
export function makeLabels(personPool: { values: string[] }, victimPool: { values: string[] }, key?: Buffer, incidentPool?: { values: string[] }) {
  let personValues: string[] | undefined, victimValues: string[] | undefined, incidentValues: string[] | undefined;
  const persons = () => (personValues ??= personPool.values);
  const victims = () => (victimValues ??= victimPool.values);
  const incidents = () => (incidentValues ??= incidentPool?.values ?? []);
  if (!key) return { person: (p: number) => persons()[p], victim: (v: number) => victims()[v], incident: (i: number) => incidents()[i] };
  const cached = (kind: IdKind, values: () => string[]) => {
    const cache = new Map<number, string>();
    return (n: number) => cache.get(n) ?? (cache.set(n, pseudonym(key, kind, values()[n])), cache.get(n)!);
  };
  return { person: cached('person', persons), victim: cached('victim', victims), incident: cached('incident', incidents) };
}
