export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = typeof logLevels[number];

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

function flushLogger(logger: JsonLogger): void {
  logger.flush();
}

/**
 * One JSON object per line, for log shippers: time, level, msg and fields.
 * Lines under the configured level cost one comparison. Lines written in one
 * turn of the event loop go out in one write, so a busy gateway does not pay
 * a system call per request. Callers never pass secrets or prompt text:
 * fields are ids, names, numbers.
 */
export class JsonLogger {
  private readonly threshold: number;
  private pending = '';

  constructor(level: LogLevel, private readonly write: (text: string) => void) {
    this.threshold = severity[level];
  }

  enabled(level: LogLevel): boolean {
    return severity[level] >= this.threshold;
  }

  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}): void {
    if (severity[level] < this.threshold) return;
    if (this.pending.length === 0) setImmediate(flushLogger, this);
    // Built around one JSON.stringify of the caller's fields: no merged copy of them per line.
    const rest = JSON.stringify(fields);
    const head = `{"time":"${new Date().toISOString()}","level":"${level}","msg":${JSON.stringify(msg)}`;
    this.pending += rest.length > 2 ? `${head},${rest.slice(1)}\n` : `${head}}\n`;
  }

  /** Writes what is pending now (it happens on its own at the end of each event-loop turn). */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    this.write(text);
  }
}
