export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = typeof logLevels[number];

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

function flushLogger(logger: JsonLogger): void {
  logger.flush();
}

/**
 * `new Date().toISOString()` for log lines, at a fraction of its cost (about
 * a microsecond each): the lines of one second share its first 20 characters.
 */
class LogClock {
  private second = Number.NaN;
  private prefix = '';

  now(): string {
    const ms = Date.now();
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    const milli = ms - second * 1000;
    return `${this.prefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
}

/** Pending lines are written at once past this size, whatever the flush delay. */
const flushChars = 64 * 1024;

/**
 * One JSON object per line, for log shippers: time, level, msg and fields.
 * Lines under the configured level cost one comparison. Lines go out in
 * batches, one write each, at most `flushDelayMs` after the first of a batch
 * (0: at the end of the event-loop turn), as nginx's `access_log ...
 * flush=` does: a write to a pipe costs the busy gateway more than building
 * the line (docs/benchmarks.md). Callers never pass secrets or prompt text:
 * fields are ids, names, numbers.
 */
export class JsonLogger {
  private readonly threshold: number;
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly clock = new LogClock();

  constructor(level: LogLevel, private readonly write: (text: string) => void, private readonly flushDelayMs = 0) {
    this.threshold = severity[level];
  }

  enabled(level: LogLevel): boolean {
    return severity[level] >= this.threshold;
  }

  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}): void {
    if (severity[level] < this.threshold) return;
    if (this.pending.length === 0) this.scheduleFlush();
    // Built around one JSON.stringify of the caller's fields: no merged copy of them per line.
    const rest = JSON.stringify(fields);
    const head = `{"time":"${this.clock.now()}","level":"${level}","msg":${JSON.stringify(msg)}`;
    this.pending += rest.length > 2 ? `${head},${rest.slice(1)}\n` : `${head}}\n`;
    if (this.pending.length >= flushChars) this.flush();
  }

  /** Writes what is pending now (it happens on its own within the flush delay). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    this.write(text);
  }

  private scheduleFlush(): void {
    if (this.flushDelayMs === 0) {
      setImmediate(flushLogger, this);
      return;
    }
    // Unref'd: pending lines never keep the process alive; whoever ends it flushes them.
    this.timer ??= setTimeout(flushLogger, this.flushDelayMs, this).unref();
  }
}
