import { createSeededRandom, hashString } from '../random/seeded-random.js';

const vocabulary = [
  'the', 'model', 'answers', 'quickly', 'with', 'a', 'clear', 'and', 'simple', 'plan', 'for', 'every', 'request',
  'it', 'streams', 'tokens', 'over', 'time', 'while', 'gateway', 'routes', 'traffic', 'to', 'healthy', 'servers',
  'latency', 'stays', 'low', 'when', 'load', 'grows', 'benchmarks', 'measure', 'throughput', 'under', 'steady',
  'pressure', 'each', 'reply', 'is', 'deterministic', 'given', 'same', 'prompt', 'seed', 'budget', 'so', 'tests',
  'can', 'compare', 'results', 'across', 'runs', 'without', 'surprises', 'or', 'flaky', 'failures', 'in', 'practice',
  'mock', 'output', 'reads', 'like', 'prose',
];

export type FinishReason = 'stop' | 'length';

export interface GenerationLimits {
  /** The shortest and longest natural answer, in tokens; the length is drawn per prompt in between. */
  readonly minOutputTokens: number;
  readonly maxOutputTokens: number;
}

export interface GenerationInput {
  readonly model: string;
  readonly prompt: string;
  readonly seed?: number;
  /** Cap on the answer; absent means the natural length. */
  readonly maxTokens?: number;
  /** vLLM's `ignore_eos`: always produce exactly `maxTokens`. */
  readonly ignoreEos?: boolean;
}

export interface GeneratedText {
  /** Each token as streamed: the first bare, later ones with a leading space. */
  readonly tokens: readonly string[];
  readonly finishReason: FinishReason;
}

/** A number fixed by model, prompt and seed: it seeds the text and the latency jitter. */
export function generationSeed(input: GenerationInput): number {
  return hashString(input.prompt, hashString(input.model, input.seed ?? 0));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Deterministic pseudo-prose: the same model, prompt and seed give the same
 * words, and a smaller `maxTokens` gives a prefix of a larger one's answer.
 * Sentences of 5 to 14 words, capitalised and ended with a full stop.
 */
export function generateText(input: GenerationInput, limits: GenerationLimits): GeneratedText {
  const random = createSeededRandom(generationSeed(input));
  const span = limits.maxOutputTokens - limits.minOutputTokens + 1;
  const natural = limits.minOutputTokens + Math.floor(random() * span);
  const cap = input.maxTokens ?? natural;
  const count = input.ignoreEos ? cap : Math.min(natural, cap);
  const finishReason: FinishReason = input.ignoreEos || count < natural ? 'length' : 'stop';
  const tokens: string[] = new Array<string>(count);
  let sentenceLeft = 0;
  for (let index = 0; index < count; index++) {
    let word = vocabulary[Math.floor(random() * vocabulary.length)]!;
    if (sentenceLeft === 0) {
      sentenceLeft = 5 + Math.floor(random() * 10);
      word = capitalize(word);
    }
    sentenceLeft--;
    // Only the natural end closes a sentence early, so a cut answer stays a prefix of the full one.
    if (index === natural - 1) sentenceLeft = 0;
    if (sentenceLeft === 0) word += '.';
    tokens[index] = index === 0 ? word : ` ${word}`;
  }
  return { tokens, finishReason };
}
