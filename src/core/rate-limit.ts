/**
 * A per-key sliding-window limiter: at most `limit` events per `windowMs` for each key.
 * In memory: a restart forgives everyone, which is the right failure for a study bot.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an event for `key` if allowed; otherwise says how long until the next one is. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    const recent = (this.events.get(key) ?? []).filter((e) => t - e < this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return { ok: false, retryAfterMs: this.windowMs - (t - (recent[0] ?? t)) };
    }
    recent.push(t);
    this.events.set(key, recent);
    if (this.events.size > 10_000) this.prune(t);
    return { ok: true };
  }

  private prune(t: number): void {
    for (const [k, v] of this.events) if (v.every((e) => t - e >= this.windowMs)) this.events.delete(k);
  }
}
