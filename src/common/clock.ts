import { Injectable } from '@nestjs/common';

/** The one source of "now" in services, so tests can move time. */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private frozen: number | null = null;

  now(): Date {
    return new Date(this.frozen ?? Date.now() + this.offsetMs);
  }

  /** Test helper: pin the clock to an instant. */
  set(at: Date | string): void {
    this.frozen = new Date(at).getTime();
  }

  /** Test helper: move the clock forward (or back) by ms. */
  advance(ms: number): void {
    if (this.frozen !== null) this.frozen += ms;
    else this.offsetMs += ms;
  }

  reset(): void {
    this.frozen = null;
    this.offsetMs = 0;
  }
}
