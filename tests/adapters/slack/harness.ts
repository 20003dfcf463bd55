import { Writable } from 'node:stream';
import pino from 'pino';
import { SlackAdapter } from '../../../src/adapters/slack/adapter.ts';
import type { Logger } from '../../../src/log.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { sendSigned, startFakeSlack, type FakeSlack, type SlackDelivery } from '../../fixtures/fake-slack.ts';

export const SECRET = 'test-signing-secret';
export const ADMIN = 'U0ADMIN';

/** A pino logger that keeps every line as an object, so tests can match error ids with log lines. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

export type SlackHarness = {
  fake: FakeSlack;
  app: TestApp;
  adapter: SlackAdapter;
  /** Bolt's HTTP endpoint, http://127.0.0.1:PORT/slack/events (empty in Socket Mode) */
  endpoint: string;
  logs: Record<string, unknown>[];
  /** Signs and POSTs a delivery to the app, as Slack does. */
  send(delivery: SlackDelivery, opts?: { timestamp?: number; signature?: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
};

/**
 * The real Bolt app, its WebClient pointed at a fake Slack, over a real offline core (`env` may
 * point it at a fake model). HTTP mode listens on 127.0.0.1 (port 0); Socket Mode connects to the
 * fake's WebSocket. Slack admin ids: ADMIN.
 */
export async function startSlackHarness(opts: { env?: Record<string, string>; mode?: 'http' | 'socket' } = {}): Promise<SlackHarness> {
  const mode = opts.mode ?? 'http';
  const fake = await startFakeSlack();
  const { logger, lines } = memoryLogger();
  const app = await createTestApp({ logger, ...(opts.env ? { env: opts.env } : {}) });
  const adapter = new SlackAdapter({
    app,
    logger,
    config: {
      botToken: 'xoxb-test',
      ...(mode === 'http' ? { signingSecret: SECRET } : { appToken: 'xapp-test' }),
      mode,
      port: 0,
      apiUrl: fake.apiUrl,
      adminUserIds: [ADMIN],
    },
    host: '127.0.0.1',
    clientOptions: { retryConfig: { retries: 0 } },
  });
  try {
    await adapter.start();
  } catch (err) {
    app.dispose();
    await fake.close();
    throw err;
  }
  const endpoint = mode === 'http' ? `http://127.0.0.1:${adapter.port}/slack/events` : '';
  return {
    fake,
    app,
    adapter,
    endpoint,
    logs: lines,
    send: (delivery, o = {}) => sendSigned(endpoint, delivery, { secret: SECRET, ...o }),
    async close() {
      await adapter.stop();
      app.dispose();
      await fake.close();
    },
  };
}

/** Text of every section block of a recorded message body. */
export const sectionTexts = (body: Record<string, unknown>): string[] =>
  ((body['blocks'] ?? []) as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
