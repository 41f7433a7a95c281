import type { ServerResponse } from 'node:http';
import { Deadline, type DeadlineOptions } from './deadline.js';
import { ClientGoneError } from './gateway-errors.js';

/** What the access log line and the request metrics read once the exchange is over. */
export interface ExchangeRecord {
  readonly startedAt: number;
  readonly route: string;
  readonly status: number;
  readonly backend: string | undefined;
  readonly tries: number;
  readonly model: string | undefined;
  /** Request start to the first response byte sent, in ms. */
  readonly firstByteMs: number | undefined;
  /** The last try's time from sending to the backend's first usable byte, in ms. */
  readonly upstreamMs: number | undefined;
  /** Stable code of the error the request ended with, if any (`upstream_stream_cut`, `first_byte_timeout`...). */
  readonly errorCode: string | undefined;
  /** The client left before the response was over; its upstream work was aborted. */
  readonly cancelled: boolean;
  /** Health checks and scrapes: logged at debug level only, so probes do not flood the log. */
  readonly quiet: boolean;
}

type RecordFields = { -readonly [K in keyof ExchangeRecord]: ExchangeRecord[K] };

/**
 * One request as the gateway serves it, from its first byte to its last: it
 * owns the request's deadline (shared by every try and backoff), turns the
 * client's socket closing early into an abort of that deadline, and keeps the
 * record the access log and metrics read at the end. Each step of serving
 * states what happened through a method; nothing else writes the record.
 */
export class Exchange {
  private readonly fields: RecordFields;
  private deadline: Deadline | undefined;

  /** `requestId` goes out on the response and upstream. */
  constructor(private readonly res: ServerResponse, readonly requestId: string, startedAt = performance.now()) {
    this.fields = {
      startedAt,
      route: 'unmatched',
      status: 0,
      backend: undefined,
      tries: 0,
      model: undefined,
      firstByteMs: undefined,
      upstreamMs: undefined,
      errorCode: undefined,
      cancelled: false,
      quiet: false,
    };
  }

  get record(): ExchangeRecord {
    return this.fields;
  }

  /** The route the request matched; `quiet` for probes and scrapes. */
  routeAs(route: string, quiet = false): void {
    this.fields.route = route;
    this.fields.quiet = quiet;
  }

  /** The model the client asked for (cut to 200 characters: it is logged). */
  ask(model: string | undefined): void {
    this.fields.model = model?.slice(0, 200);
  }

  /**
   * Starts the request's one deadline, counted from the request start; from
   * now on the client leaving aborts it. Once per exchange.
   */
  startDeadline(options: DeadlineOptions): Deadline {
    const deadline = new Deadline(options, this.fields.startedAt);
    this.deadline = deadline;
    // `on`, not `once`: 'close' comes once anyway, and `once` wraps the listener in a new closure per request.
    this.res.on('close', this.onClientClose);
    return deadline;
  }

  /** The request is no longer waited on: stops the deadline's timers and the client watch. */
  endDeadline(): void {
    this.deadline?.dispose();
    this.res.off('close', this.onClientClose);
  }

  /** Try number `attempt` (from 1) goes to `backend`. */
  startTry(backend: string, attempt: number): void {
    this.fields.backend = backend;
    this.fields.tries = attempt;
  }

  /**
   * The response starts: `status` goes out now, `tryStartedAt` was when the
   * answering try was sent. Only the total deadline applies from here on.
   * Returns the Server-Timing header value (the gateway's share and the backend's).
   */
  commit(status: number, tryStartedAt: number): string {
    const now = performance.now();
    const upstreamMs = now - tryStartedAt;
    const firstByteMs = now - this.fields.startedAt;
    this.fields.status = status;
    this.fields.upstreamMs = upstreamMs;
    this.fields.firstByteMs = firstByteMs;
    this.deadline?.markFirstByte();
    return `gateway;dur=${(firstByteMs - upstreamMs).toFixed(3)}, upstream;dur=${upstreamMs.toFixed(3)}`;
  }

  /** The request stopped because the client left (its deadline was aborted with a ClientGoneError). */
  clientLeft(): void {
    this.fields.cancelled = true;
  }

  /** The response failed after it started, with this error code. */
  breakOff(code: string): void {
    this.fields.errorCode = code;
  }

  /** The request is over with `status` (unless the response already set one); `errorCode` if it ended in an error. */
  end(status: number, errorCode?: string): void {
    if (this.fields.cancelled || this.fields.status === 499 || status === 499) {
      this.fields.status = 499;
    } else if (this.fields.status === 0 || errorCode !== undefined) {
      this.fields.status = status;
    }
    this.fields.errorCode ??= errorCode;
  }

  private readonly onClientClose = (): void => {
    if (!this.res.writableFinished) this.deadline?.abort(new ClientGoneError());
  };
}
