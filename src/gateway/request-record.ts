/** What the gateway learns about one request as it serves it: the access log line and metrics read it at the end. */
export class RequestRecord {
  route = 'unmatched';
  status = 0;
  backend: string | undefined;
  tries = 0;
  model: string | undefined;
  /** Request start to the first response byte sent, in ms. */
  firstByteMs: number | undefined;
  /** The last try's time from sending to the backend's first usable byte, in ms. */
  upstreamMs: number | undefined;
  /** Stable code of the error the request ended with, if any (`upstream_stream_cut`, `first_byte_timeout`...). */
  errorCode: string | undefined;
  cancelled = false;
  /** Health checks and scrapes: logged at debug level only, so probes do not flood the log. */
  quiet = false;

  constructor(readonly startedAt: number) {}
}
