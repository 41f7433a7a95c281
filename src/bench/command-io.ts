/** What a subcommand may touch of the process; the CLI entry hands it the real streams and environment. */
export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly errIsTTY: boolean;
}
