import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/adapters/discord/adapter.ts';
import { silentLogger } from '../../../src/log.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fixtures/fake-discord.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
let fake: FakeDiscord | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  app?.dispose();
  h = fake = app = undefined;
});

describe('DiscordAdapter lifecycle', () => {
  it('connects through /gateway/bot with the Guilds, GuildMessages and MessageContent intents, and stops cleanly', async () => {
    h = await startHarness();
    expect(h.fake.calls[0]).toMatchObject({ method: 'GET', route: '/gateway/bot' });
    expect(h.fake.identifies[0]).toMatchObject({
      token: 'test-token',
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    });
    expect(h.adapter.client.isReady()).toBe(true);
    expect(h.adapter.client.channels.cache.has(h.fake.channels.study)).toBe(true);
    await h.adapter.stop();
    expect(h.adapter.client.isReady()).toBe(false);
  });

  it('fails to start with a clear message when Discord refuses the MessageContent intent (4014)', async () => {
    fake = await startFakeDiscord({ allowedIntents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages });
    app = await createTestApp();
    const adapter = new DiscordAdapter(app, { token: 't', apiUrl: fake.apiUrl }, silentLogger, { readyTimeoutMs: 5000 });
    await expect(adapter.start()).rejects.toThrow(/MessageContent intent \(4014\)/u);
  });

  it('fails to start when the gateway never becomes ready', async () => {
    app = await createTestApp();
    const adapter = new DiscordAdapter(app, { token: 't', apiUrl: 'http://127.0.0.1:9/api' }, silentLogger, {
      readyTimeoutMs: 1500,
      client: { rest: { timeout: 500, retries: 0 } },
    });
    await expect(adapter.start()).rejects.toThrow();
  });
});
