/**
 * Remembers recently seen ids (Events API `event_id`s) for `ttlMs`, at most `max` of them, oldest
 * evicted first. Slack redelivers an event up to three times when an ack is slow or lost
 * (`X-Slack-Retry-Num`); a delivery whose id was seen is acknowledged and then skipped.
 */
export class RecentIds {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `id` was already seen within the TTL; otherwise records it and returns false. */
  seen(id: string): boolean {
    const t = this.now();
    this.expire(t);
    const at = this.seenAt.get(id);
    if (at !== undefined && t - at < this.ttlMs) return true;
    this.seenAt.set(id, t);
    if (this.seenAt.size > this.max) {
      const oldest = this.seenAt.keys().next();
      if (!oldest.done) this.seenAt.delete(oldest.value);
    }
    return false;
  }

  get size(): number {
    return this.seenAt.size;
  }

  /** Insertion order is arrival order, so expired ids are always at the front. */
  private expire(t: number): void {
    for (const [id, at] of this.seenAt) {
      if (t - at < this.ttlMs) break;
      this.seenAt.delete(id);
    }
  }
}
