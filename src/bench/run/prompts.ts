import { BenchInputError } from '../bench-input-error.js';
import { readTextIfExists } from '../result/json-file.js';

export interface BenchPrompt {
  readonly prompt: string;
  readonly max_tokens?: number;
  readonly temperature?: number;
}

function describeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.prompt !== 'string' || record.prompt.length === 0) return "'prompt' must be a non-empty string";
  if (record.max_tokens !== undefined && !(Number.isInteger(record.max_tokens) && (record.max_tokens as number) > 0)) {
    return "'max_tokens' must be a positive integer";
  }
  if (record.temperature !== undefined && typeof record.temperature !== 'number') return "'temperature' must be a number";
  return undefined;
}

/** Parses JSONL prompts (`{"prompt", "max_tokens"?, "temperature"?}` per line; blank lines ignored). */
export function parsePrompts(file: string, text: string): BenchPrompt[] {
  const prompts: BenchPrompt[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BenchInputError(file, `line ${index + 1}: not valid JSON`);
    }
    const problem = describeProblem(value);
    if (problem) throw new BenchInputError(file, `line ${index + 1}: ${problem}`);
    const { prompt, max_tokens, temperature } = value as BenchPrompt;
    prompts.push({ prompt, ...(max_tokens === undefined ? {} : { max_tokens }), ...(temperature === undefined ? {} : { temperature }) });
  }
  if (prompts.length === 0) throw new BenchInputError(file, 'no prompts');
  return prompts;
}

export async function loadPrompts(file: string): Promise<BenchPrompt[]> {
  const text = await readTextIfExists(file);
  if (text === undefined) throw new BenchInputError(file, 'file not found');
  return parsePrompts(file, text);
}
