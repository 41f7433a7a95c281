/** Crafted nightly histories for the change-point tests: reproducible noisy series with known steps. */
import type { MetricName } from '../../src/bench/compare/metric-names.js';
import type { HistoryEntry } from '../../src/bench/result/history-file.js';
import { createSeededGaussian } from '../../src/random/seeded-random.js';

/** `nights` values around `level` with `cv` Gaussian noise, multiplied by `factor` from night `stepAt` on. */
export function noisySeries(nights: number, seed: number, options: { level?: number; cv?: number; stepAt?: number; factor?: number } = {}): number[] {
  const { level = 10, cv = 0.03, stepAt = nights, factor = 1 } = options;
  const gaussian = createSeededGaussian(seed);
  return Array.from({ length: nights }, (_, night) => level * (night >= stepAt ? factor : 1) * (1 + cv * gaussian()));
}

/** One run per value, a night apart from 2026-01-01, commit `c<night>0000`, of `scenario` with `values` as `metric`, all of one load. */
export function craftHistory(values: readonly number[], scenario: string | null = 'overhead', metric: MetricName = 'target_cpu_per_request'): HistoryEntry[] {
  return values.map((value, night) => ({
    timestamp: new Date(Date.UTC(2026, 0, 1 + night)).toISOString(),
    git_commit: `c${String(night).padStart(2, '0')}00000`,
    scenario,
    status: 'pass',
    metrics: { [metric]: value },
    load: `scenario=${String(scenario)} rate=3000`,
  }));
}
