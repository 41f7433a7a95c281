export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  readonly threshold: number;
  readonly cooldownMs: number;
}

/**
 * One backend's circuit breaker. Closed: every try may go. Open: none may
 * until the cooldown has passed. Then half-open: exactly one try (a request or
 * an active probe) decides whether it closes again or reopens.
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

  /** Whether a try could be let through at `now`, without taking the half-open slot. */
  isAvailable(now: number): boolean {
    if (this.stateValue === 'closed') return true;
    if (this.stateValue === 'open') return now - this.openedAt >= this.options.cooldownMs;
    return !this.probeInFlight;
  }

  /** Lets one try through, or returns false; a try let through must end in success, failure or release. */
  tryAcquire(now: number): boolean {
    if (this.stateValue === 'closed') return true;
    if (!this.isAvailable(now)) return false;
    if (this.stateValue === 'open') this.transition('half-open');
    this.probeInFlight = true;
    return true;
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

  /** Ends a try that proved nothing (the client left): a half-open breaker lets the next one probe. */
  release(): void {
    this.probeInFlight = false;
  }

  private transition(state: BreakerState): void {
    this.stateValue = state;
    this.onChange(state);
  }
}
