import { probit } from 'simple-statistics';

export interface RateInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Wilson score interval of a failure rate. Unlike the plain p ± z·se it stays
 * inside [0, 1] and is honest for few requests or zero failures, so "above 1%"
 * is claimed only when the request count supports it.
 */
export function wilsonInterval(failures: number, total: number, confidence: number): RateInterval {
  if (total === 0) return { lower: 0, upper: 1 };
  const z = probit(1 - (1 - confidence) / 2);
  const p = failures / total;
  const z2n = (z * z) / total;
  const denominator = 1 + z2n;
  const centre = (p + z2n / 2) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
