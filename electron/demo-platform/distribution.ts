// The arithmetic behind the traffic simulation: a seeded PRNG, and the share of a lognormal
// latency distribution that falls in each histogram bucket (so traffic is added in bulk).

/** mulberry32: tiny, fast and good enough to make a seeded demo repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Abramowitz-Stegun 7.1.26: |error| < 1.5e-7, plenty for bucket shares. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
  return sign * y;
}

const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

/** z such that P(Z <= z) = 0.99. */
const Z99 = 2.326347874;

export interface Lognormal {
  mu: number;
  sigma: number;
}

/** The lognormal (in seconds) whose median and 99th percentile are the given milliseconds. */
export function fitLognormal(p50Ms: number, p99Ms: number): Lognormal {
  const p50 = p50Ms / 1000;
  const p99 = Math.max(p99Ms, p50Ms * 1.0001) / 1000;
  return { mu: Math.log(p50), sigma: Math.log(p99 / p50) / Z99 };
}

export function lognormalMean(d: Lognormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

/**
 * Probability of each bucket (non-cumulative): bucket i holds (bounds[i-1], bounds[i]], and one
 * extra entry at the end holds everything above the last bound (the +Inf-only region).
 */
export function bucketShares(d: Lognormal, bounds: readonly number[]): number[] {
  const shares: number[] = [];
  let below = 0;
  for (const b of bounds) {
    const cdf = normalCdf((Math.log(b) - d.mu) / d.sigma);
    shares.push(Math.max(0, cdf - below));
    below = Math.max(below, cdf);
  }
  shares.push(Math.max(0, 1 - below));
  return shares;
}
