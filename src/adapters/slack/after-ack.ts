/**
 * Starts listener work after the acks: acknowledgements first, answers when the socket is quiet.
 *
 * Slack fails a request that is not acked within 3 s, while an answer may follow for 30 minutes.
 * Answering is mostly synchronous CPU (retrieval over the notes), so started straight after
 * `ack()` a burst of commands would make each later request wait, unread in its socket, behind the
 * earlier answers. Here a job starts only once no new job has been queued for `quietMs` (a burst
 * of requests is acked first), or when the oldest has waited `maxWaitMs` (so answers still flow
 * under sustained load); and one job per turn of the event loop, so the sockets are polled between
 * two jobs. Jobs are not serialised: once a job awaits I/O (a model, the Web API) the next starts.
 */
export class AfterAck {
  private readonly queue: { start: () => void; queuedAt: number }[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private lastQueuedAt = 0;
  private scheduled = false;

  constructor(
    private readonly quietMs = 5,
    private readonly maxWaitMs = 500,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `job` later, as above; resolves or rejects with it. */
  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        const p = job().then(resolve, reject);
        this.running.add(p);
        void p.finally(() => this.running.delete(p));
      };
      this.lastQueuedAt = this.now();
      this.queue.push({ start, queuedAt: this.lastQueuedAt });
      this.schedule(0);
    });
  }

  /** Resolves once every queued and running job has finished (for a graceful stop). */
  async settled(): Promise<void> {
    while (this.queue.length > 0 || this.running.size > 0) {
      await Promise.allSettled([...this.running]);
      if (this.queue.length > 0) await new Promise((r) => setTimeout(r, this.quietMs));
    }
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (delayMs > 0) setTimeout(this.pump, delayMs);
    else setImmediate(this.pump);
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    const head = this.queue[0];
    if (!head) return;
    const t = this.now();
    const quietFor = t - this.lastQueuedAt;
    if (quietFor < this.quietMs && t - head.queuedAt < this.maxWaitMs) return this.schedule(Math.max(1, this.quietMs - quietFor));
    this.queue.shift();
    head.start();
    if (this.queue.length > 0) this.schedule(0);
  };
}
