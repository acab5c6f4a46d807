// Seeded randomness. The model's own draws come from one sfc32 stream whose state is saved with the model,
// so a restored model draws exactly what the original would have. Per-GPU per-minute noise comes from a
// hash instead, so it never depends on the order of calls or on how often samples are asked for.
export type RngState = [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  static fromSeed(seed: number): Rng {
    const rng = new Rng([0x9e3779b9, 0x243f6a88, 0xb7e15162, (seed ^ 0xdeadbeef) | 0]);
    // The first outputs of sfc32 still echo the seed; discard them.
    for (let i = 0; i < 15; i++) rng.next();
    return rng;
  }

  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    return pickWeighted(items, this.next());
  }
}

export function pickWeighted<T>(items: readonly (readonly [T, number])[], u: number): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  let x = u * total;
  for (const [item, weight] of items) {
    if (x < weight) return item;
    x -= weight;
  }
  return items[items.length - 1][0];
}

/** A 32-bit hash of four integers (murmur3-style mixing); the same inputs always give the same output. */
export function hash32(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ b, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ c, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h ^ d, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from a hash of four integers. */
export function hash01(a: number, b: number, c: number, d: number): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** Roughly bell-shaped noise in (-1, 1): the sum of two hashed uniforms. */
export function hashNoise(a: number, b: number, c: number, d: number): number {
  const h = hash32(a, b, c, d);
  return ((h & 0xffff) + (h >>> 16)) / 65536 - 1;
}
