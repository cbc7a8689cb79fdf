/**
 * Append-only typed arrays: the columnar store's building block. Sized once
 * when the reader has an estimate of the rows (`reserve`), doubling when
 * values come beyond it; `finish` hands out the filled part as a view, not a
 * copy (a copy would hold a second full column at the end of the read).
 */
type TypedArray = Uint8Array | Uint32Array | Int32Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.data.length * 2);
    this.data[this.length++] = value;
  }

  /** Room for `capacity` values in all (more values still fit: the store doubles past it). */
  reserve(capacity: number): void {
    if (capacity > this.data.length) this.grow(capacity);
  }

  /** How many values fit before the store grows again. */
  get capacity(): number {
    return this.data.length;
  }

  private grow(capacity: number): void {
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** Push every value of `src`, each mapped through `map` when given (a negative value is kept as it is). */
  append(src: ArrayLike<number>, map?: ArrayLike<number>): void {
    const n = src.length;
    // exact: what is appended is the rest of a file read apart
    if (this.length + n > this.data.length) this.grow(this.length + n);
    const data = this.data;
    let at = this.length;
    if (map) {
      for (let i = 0; i < n; i++) {
        const v = src[i];
        data[at++] = v < 0 ? v : map[v];
      }
    } else data.set(src as T, at);
    this.length += n;
  }

  get(i: number): number {
    return this.data[i];
  }

  /**
   * The filled part, as an exact-length view of the store (no copy). The room
   * left past it was allocated zeroed and never written: the operating system
   * maps those pages only when they are touched, so they take no memory.
   */
  finish(): T {
    return this.length === this.data.length ? this.data : (this.data.subarray(0, this.length) as T);
  }
}

type Growables<T> = { [K in keyof Omit<T, 'length'>]: Growable<Omit<T, 'length'>[K] & TypedArray> };

/** One Growable per column of `types` (src/model.ts INCIDENT_COLUMN_TYPES / NOTIFICATION_COLUMN_TYPES). */
export function growColumns<T extends { length: number }>(
  types: { readonly [K in keyof Omit<T, 'length'>]: { new (n: number): Omit<T, 'length'>[K] } },
): Growables<T> {
  const out = {} as Record<string, Growable<TypedArray>>;
  for (const [name, Type] of Object.entries(types) as [string, Ctor<TypedArray>][]) out[name] = new Growable(Type);
  return out as Growables<T>;
}

/** Room for `rows` rows in every column (an estimate; more rows still fit). */
export function reserveColumns(grow: Record<string, Growable<TypedArray>>, rows: number): void {
  for (const g of Object.values(grow)) g.reserve(rows);
}

/** The filled columns, exact-length views. */
export function finishColumns<T extends { length: number }>(grow: Growables<T>, length: number): T {
  const out = { length } as Record<string, unknown>;
  for (const [name, g] of Object.entries(grow) as [string, Growable<TypedArray>][]) out[name] = g.finish();
  return out as T;
}
