/**
 * A file the bench CLI reads is missing, unreadable, malformed or of the wrong
 * schema. The CLI entry turns it into one line naming the file, exit code 2.
 */
export class BenchInputError extends Error {
  readonly code = 'BENCH_BAD_INPUT';

  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'BenchInputError';
  }
}
