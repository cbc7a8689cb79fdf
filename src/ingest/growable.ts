/** Append-only typed arrays that double as they fill: the columnar store's building block. */
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
    if (this.length === this.data.length) {
      const next = new this.ctor(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** Push every value of `src`, each mapped through `map` when given (a negative value is kept as it is). */
  append(src: ArrayLike<number>, map?: ArrayLike<number>): void {
    const n = src.length;
    if (this.length + n > this.data.length) {
      // exact: what is appended is the rest of a file read apart (finish then copies nothing)
      const next = new this.ctor(this.length + n);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
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

  /** The filled part, as an exact-size array (a copy unless the store is exactly full). */
  finish(): T {
    return this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as T);
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

/** The filled columns, exact-size. */
export function finishColumns<T extends { length: number }>(grow: Growables<T>, length: number): T {
  const out = { length } as Record<string, unknown>;
  for (const [name, g] of Object.entries(grow) as [string, Growable<TypedArray>][]) out[name] = g.finish();
  return out as T;
}
