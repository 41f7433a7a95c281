/**
 * Draws for a fast exact bootstrap of quantiles. Resampling n values with
 * replacement from sorted data picks n uniform indices; the k-th smallest of
 * them is floor(n * U(k)), where U(k), the k-th order statistic of n uniforms,
 * follows Beta(k, n + 1 - k). So a resample's quantile costs O(1), not O(n).
 */

/** A standard normal draw (Box-Muller). */
function sampleNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) for shape >= 1 (Marsaglia and Tsang, 2000). */
function sampleGamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) for integer a, b >= 1. */
function sampleBeta(a: number, b: number, random: () => number): number {
  const x = sampleGamma(a, random);
  return x / (x + sampleGamma(b, random));
}

/**
 * The `p` quantile (linear interpolation at rank (n - 1) * p, as
 * simple-statistics' quantileSorted) of one bootstrap resample of `sorted`.
 */
export function resampleQuantile(sorted: readonly number[], p: number, random: () => number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0];
  const rank = (n - 1) * p;
  const k = Math.floor(rank) + 1;
  const fraction = rank - (k - 1);
  const lowerU = sampleBeta(k, n + 1 - k, random);
  const lower = sorted[Math.min(n - 1, Math.floor(n * lowerU))];
  if (fraction === 0 || k >= n) return lower;
  // Given U(k), U(k+1) is the least of the n - k uniforms above it: U(k) + (1 - U(k)) * Beta(1, n - k).
  const upperU = lowerU + (1 - lowerU) * (1 - (1 - random()) ** (1 / (n - k)));
  const upper = sorted[Math.min(n - 1, Math.floor(n * upperU))];
  return lower + fraction * (upper - lower);
}
