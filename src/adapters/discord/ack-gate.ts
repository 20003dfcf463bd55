/**
 * Acknowledgements first: Discord kills an interaction not acknowledged within 3 s, while the
 * answer itself may take minutes. Slow work waits here (at most `maxWaitMs`) until no
 * acknowledgement is in flight, so a burst of commands is acknowledged before CPU-heavy answers
 * compete with the acknowledgements for the event loop.
 */
export class AckGate {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly maxWaitMs = 500) {}

  /** Tracks an acknowledgement (deferReply, reply) until it settles. */
  async track<T>(ack: Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await ack;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const release of this.waiters.splice(0)) release();
    }
  }

  /** Resolves when no acknowledgement is in flight, or after `maxWaitMs`, whichever is first. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== release);
        resolve();
      }, this.maxWaitMs);
      this.waiters.push(release);
    });
  }
}
