import { isJsonObject, isJsonWhitespace } from './json-object-check.js';

const openBrace = 0x7b;
const closeBrace = 0x7d;

function lastNonWhitespace(body: Buffer): number {
  let index = body.length - 1;
  while (index >= 0 && isJsonWhitespace(body[index]!)) index--;
  return index;
}

/**
 * What is wrong with a non-streaming answer body, or undefined when it is a
 * complete JSON object (every OpenAI and vLLM answer is one). A body cut short
 * or made of garbage fails the cheap bracket check at its ends before the
 * whole check runs; that check proves the rest without parsing.
 */
export function checkAnswer(body: Buffer): string | undefined {
  if (body.length === 0) return 'an empty body';
  let first = 0;
  while (first < body.length && isJsonWhitespace(body[first]!)) first++;
  if (body[first] !== openBrace || body[lastNonWhitespace(body)] !== closeBrace) return 'not a complete JSON object';
  return isJsonObject(body) ? undefined : 'not valid JSON';
}
