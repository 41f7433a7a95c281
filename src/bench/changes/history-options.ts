import { booleanOption, integerOption, numberOption, stringOption } from '../../config/index.js';

export const historyUsage = 'llm-bench history [--history FILE] [--json FILE] [options]';
export const historySummary = 'Find change points in every metric of every scenario of the history (E-Divisive, permutation test).'
  + ' Exit 0: no lasting regression at the newest nights; 1: one; 2: bad input.';

/**
 * The defaults are the ones `npm run bench:changes` measured: with them a +10% step
 * in 60 nights of the measured run-to-run noise is found, and a flat history rarely raises one.
 */
export const historyCommandSchema = {
  history: stringOption({ flag: 'history', description: 'History written by llm-bench compare --history', default: 'bench/history.json' }),
  json: stringOption({ flag: 'json', description: 'Write the verdict (llm-bench issue reads it as a compare verdict) and every change point to this file', default: undefined }),
  quiet: booleanOption({ flag: 'quiet', description: 'Print only the one-line verdict' }),
  newestNights: integerOption({
    flag: 'newest-nights', description: 'Judge a change point whose new level has lasted at most this many nights; older ones are reported only', default: 14, min: 1,
  }),
  minChangePct: numberOption({ flag: 'min-change-pct', description: 'A change point smaller than this percentage is reported, never judged', default: 5, min: 0 }),
  significance: numberOption({
    flag: 'significance', description: 'A split is a change point when its permutation p-value is at most this', default: 0.01, min: 0.0001, max: 0.5,
  }),
  permutations: integerOption({ flag: 'permutations', description: 'Permutations of the significance test', default: 999, min: 19, max: 100000 }),
  minSegment: integerOption({ flag: 'min-segment', description: 'Fewest nights on either side of a change point', default: 5, min: 2, max: 100 }),
  seed: integerOption({ flag: 'seed', description: 'Permutation seed (same history and seed, same change points)', default: 1, min: 0 }),
  chartNights: integerOption({ flag: 'chart-nights', description: 'Nights shown in the step summary charts', default: 60, min: 2, max: 1000 }),
};
