/**
 * Bad command-line or environment input. CLI entries print its message as one
 * line on stderr and exit with code 2.
 */
export class UsageError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
