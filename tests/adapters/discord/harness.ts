import { afterEach, expect } from 'vitest';
import { wireViolations } from './limits.ts';
import { DiscordAdapter } from '../../../src/adapters/discord/adapter.ts';
import { createLogger } from '../../../src/log.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fixtures/fake-discord.ts';

/** A parsed pino line. */
export type LogLine = { level: number; msg: string; errorId?: string; code?: number; [k: string]: unknown };

export type Harness = { fake: FakeDiscord; app: TestApp; adapter: DiscordAdapter; logs: LogLine[]; close(): Promise<void> };

/**
 * The real DiscordAdapter (real discord.js Client) connected to a fresh fake Discord, over a real
 * offline core with temporary data; log lines are captured. `close()` in afterEach.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await startFakeDiscord();
  const logs: LogLine[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const app = await createTestApp({ env, logger });
  const adapter = new DiscordAdapter(app, { token: 'test-token', apiUrl: fake.apiUrl }, logger, { readyTimeoutMs: 10_000 });
  try {
    await adapter.start();
  } catch (err) {
    await fake.close();
    app.dispose();
    throw err;
  }
  return {
    fake,
    app,
    adapter,
    logs,
    async close() {
      await adapter.stop();
      await fake.close();
      app.dispose();
    },
  };
}

/** Waits until `check` returns a value (not undefined), polling every 10 ms. */
export async function until<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('until: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * For a test file: returns a `startHarness` whose harness is closed after each test, when every
 * message that test sent is also checked to be within Discord's limits and to ping no one.
 */
export function checkedHarnesses(): (env?: Record<string, string>) => Promise<Harness> {
  let current: Harness | undefined;
  afterEach(async () => {
    const calls = current?.fake.calls ?? [];
    await current?.close();
    current = undefined;
    expect(wireViolations(calls)).toEqual([]);
  });
  return async (env) => (current = await startHarness(env));
}
