/** Append-only typed arrays that double as they fill: the columnar store's building block. */
type TypedArray = Uint8Array | Uint32Array | Int32Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(private readonly ctor: Ctor<T>, capacity = 1024) {
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

  get(i: number): number {
    return this.data[i];
  }

  /** The filled part, copied to an exact-size array. */
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}
