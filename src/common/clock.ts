import { Injectable } from '@nestjs/common';

/** The one source of "now" in services, so tests can move time. */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private frozen: number | null = null;
  private advancedMs = 0;

  now(): Date {
    return new Date(this.frozen ?? Date.now() + this.offsetMs);
  }

  /**
   * Milliseconds for measuring ages (the caches' TTLs): real time plus every advance(), but unaffected by set(). A test
   * pins "now" to decide a rule at an instant; that must not freeze every cache on the instance (then a change made by
   * another instance would never show), while advance() still ages them.
   */
  elapsedMs(): number {
    return Date.now() + this.advancedMs;
  }

  /** Test helper: pin the clock to an instant. */
  set(at: Date | string): void {
    this.frozen = new Date(at).getTime();
  }

  /** Test helper: move the clock forward (or back) by ms. */
  advance(ms: number): void {
    if (this.frozen !== null) this.frozen += ms;
    else this.offsetMs += ms;
    this.advancedMs += ms;
  }

  reset(): void {
    this.frozen = null;
    this.offsetMs = 0;
    this.advancedMs = 0;
  }
}
