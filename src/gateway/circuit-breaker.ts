export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  readonly threshold: number;
  readonly cooldownMs: number;
  /**
   * Active probes run: the half-open try is always a probe, never a user
   * request, so a backend that is still hung costs no request a wait.
   */
  readonly probed?: boolean;
}

/**
 * One backend's circuit breaker. Closed: every try may go. Open: none may
 * until the cooldown has passed. Then half-open: exactly one try (the next
 * active probe, or a request when no probes run) decides whether it closes
 * again or reopens.
 */
export class CircuitBreaker {
  private stateValue: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(private readonly options: BreakerOptions, private readonly onChange: (state: BreakerState) => void = () => {}) {}

  get state(): BreakerState {
    return this.stateValue;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a request's try could be let through at `now`, without taking the half-open slot. */
  isAvailable(now: number): boolean {
    if (this.stateValue === 'closed') return true;
    return this.options.probed !== true && this.isProbeDue(now);
  }

  /** Lets one request's try through, or returns false; a try let through must end in success, failure or release. */
  tryAcquire(now: number): boolean {
    if (this.stateValue === 'closed') return true;
    return this.options.probed !== true && this.takeHalfOpenSlot(now);
  }

  /** Lets an active probe through: always while closed, else as the one half-open try. */
  tryAcquireProbe(now: number): boolean {
    return this.stateValue === 'closed' || this.takeHalfOpenSlot(now);
  }

  recordSuccess(): void {
    this.failures = 0;
    this.probeInFlight = false;
    if (this.stateValue !== 'closed') this.transition('closed');
  }

  recordFailure(now: number): void {
    this.failures += 1;
    this.probeInFlight = false;
    if (this.stateValue === 'half-open' || (this.stateValue === 'closed' && this.failures >= this.options.threshold)) {
      this.openedAt = now;
      this.transition('open');
    }
  }

  /** The backend was judged dead (see HealthProber): opens now, whatever the count of failures. */
  open(now: number): void {
    this.failures += 1;
    this.probeInFlight = false;
    this.openedAt = now;
    if (this.stateValue !== 'open') this.transition('open');
  }

  /** Ends a try that proved nothing (the client left): a half-open breaker lets the next one probe. */
  release(): void {
    this.probeInFlight = false;
  }

  private isProbeDue(now: number): boolean {
    if (this.stateValue === 'open') return now - this.openedAt >= this.options.cooldownMs;
    return !this.probeInFlight;
  }

  private takeHalfOpenSlot(now: number): boolean {
    if (!this.isProbeDue(now)) return false;
    if (this.stateValue === 'open') this.transition('half-open');
    this.probeInFlight = true;
    return true;
  }

  private transition(state: BreakerState): void {
    this.stateValue = state;
    this.onChange(state);
  }
}
