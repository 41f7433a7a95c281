import { errorFunction, probit } from 'simple-statistics';

export interface RateInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The standard normal quantile. simple-statistics' probit is off in the third
 * decimal (1.9572 for 0.975); two Newton steps on its erf make it good to 1e-6 (the precision of that erf).
 */
export function normalQuantile(p: number): number {
  let z = probit(p);
  for (let step = 0; step < 2; step++) {
    const cdf = 0.5 * (1 + errorFunction(z / Math.SQRT2));
    z -= (cdf - p) / (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
  }
  return z;
}

/**
 * Wilson score interval of a failure rate. Unlike the plain p ± z·se it stays
 * inside [0, 1] and is honest for few requests or zero failures, so "above 1%"
 * is claimed only when the request count supports it.
 */
export function wilsonInterval(failures: number, total: number, confidence: number): RateInterval {
  if (total === 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = failures / total;
  const z2n = (z * z) / total;
  const denominator = 1 + z2n;
  const centre = (p + z2n / 2) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
