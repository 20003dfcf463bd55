import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AckGate } from '../../../src/adapters/discord/ack-gate.ts';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('AckGate', () => {
  it('is idle at once when no acknowledgement is in flight', async () => {
    const gate = new AckGate(1000);
    const t = performance.now();
    await gate.idle();
    expect(performance.now() - t).toBeLessThan(50);
  });

  it('holds slow work until every acknowledgement in flight has settled, failed ones included', async () => {
    const gate = new AckGate(5000);
    const a = deferred();
    const b = deferred();
    const tracked = [gate.track(a.promise), gate.track(b.promise).catch(() => 'failed')];
    let released = false;
    const idle = gate.idle().then(() => (released = true));
    a.resolve();
    await sleep(20);
    expect(released).toBe(false);
    b.reject(new Error('10062'));
    await idle;
    expect(released).toBe(true);
    expect(await Promise.all(tracked)).toEqual([undefined, 'failed']);
  });

  it('stops waiting after maxWaitMs when an acknowledgement hangs', async () => {
    const gate = new AckGate(100);
    void gate.track(new Promise(() => {}));
    const t = performance.now();
    await gate.idle();
    expect(performance.now() - t).toBeGreaterThanOrEqual(90);
  });
});
