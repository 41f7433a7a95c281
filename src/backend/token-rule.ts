/**
 * The mock's one token rule, used for prompts and completions alike: a token
 * is a maximal run of non-whitespace characters (a "word"). Generated text is
 * words joined by single spaces, so `completion_tokens` always equals the
 * number of words in the returned text.
 */
export function countTokens(text: string): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const isSpace = text.charCodeAt(index) <= 0x20;
    if (!isSpace && !inWord) count++;
    inWord = !isSpace;
  }
  return count;
}
