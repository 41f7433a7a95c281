import type { RunParameters } from '../result/result-schema.js';

/** What must match for two results to be compared: the scenario and the load, never the address of the target. */
const loadKeys = ['scenario', 'api', 'stream', 'model', 'concurrency', 'rate', 'arrival', 'num_requests', 'duration_s', 'warmup', 'prompt_count'] as const;

/** Why two runs cannot be compared (`concurrency 16 vs 4`), or undefined when they used the same load. */
export function describeLoadMismatch(baseline: RunParameters, current: RunParameters): string | undefined {
  const differences = loadKeys
    .filter((key) => baseline[key] !== current[key])
    .map((key) => `${key} ${String(baseline[key])} vs ${String(current[key])}`);
  return differences.length > 0 ? differences.join(', ') : undefined;
}

/** The load as one line (`scenario=llm api=chat ...`): the history records it, so change points stay within one load. */
export function loadKeyOf(parameters: RunParameters): string {
  return loadKeys.map((key) => `${key}=${String(parameters[key])}`).join(' ');
}
