export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = typeof logLevels[number];

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * One JSON object per line, for log shippers: time, level, msg and fields.
 * Lines under the configured level cost one comparison. Callers never pass
 * secrets or prompt text: fields are ids, names, numbers.
 */
export class JsonLogger {
  private readonly threshold: number;

  constructor(level: LogLevel, private readonly write: (line: string) => void) {
    this.threshold = severity[level];
  }

  enabled(level: LogLevel): boolean {
    return severity[level] >= this.threshold;
  }

  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}): void {
    if (severity[level] < this.threshold) return;
    this.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  }
}
