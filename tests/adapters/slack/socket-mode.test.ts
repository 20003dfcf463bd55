import { afterEach, describe, expect, it, vi } from 'vitest';
import { SlackAdapter } from '../../../src/adapters/slack/adapter.ts';
import { createTestApp } from '../../fixtures/app.ts';
import { startFakeSlack } from '../../fixtures/fake-slack.ts';
import { memoryLogger, sectionTexts, sleep, startSlackHarness, type SlackHarness } from './harness.ts';
import { blockKitViolations } from './limits.ts';

const command = (text: string, responseUrl: string) => ({
  token: 'legacy',
  team_id: 'T0001',
  team_domain: 'study',
  channel_id: 'C0STUDY',
  channel_name: 'study',
  user_id: 'U0ALICE',
  user_name: 'alice',
  command: '/ask',
  text,
  api_app_id: 'A0STUDYBOT',
  response_url: responseUrl,
  trigger_id: 't1',
});

const mentionEvent = (eventId: string, ts: string) => ({
  token: 'legacy',
  team_id: 'T0001',
  api_app_id: 'A0STUDYBOT',
  type: 'event_callback',
  event_id: eventId,
  event_time: 1,
  authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
  event: { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> What is LoRA?', ts, channel: 'C0STUDY', event_ts: ts },
});

describe('Slack Socket Mode (the default) with the real Bolt SocketModeReceiver', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('connects with the app token through apps.connections.open, acks a slash command envelope and answers at its response_url', async () => {
    h = await startSlackHarness({ mode: 'socket' });
    expect(h.fake.sockets).toBe(1);
    const open = h.fake.of('apps.connections.open');
    expect(open[0]?.headers.authorization).toBe('Bearer xapp-test');
    const envelopeId = h.fake.pushEnvelope('slash_commands', command('What does LoRA change in a model?', h.fake.responseUrl('sm')));
    const [reply] = await h.fake.waitFor('response_url', 1, 5000, 'sm');
    expect(h.fake.of('socket_ack').map((a) => a.body['envelope_id'])).toContain(envelopeId);
    const ack = h.fake.of('socket_ack').find((a) => a.body['envelope_id'] === envelopeId)!;
    expect(ack.at).toBeLessThan(reply!.at); // acked before answering
    expect(blockKitViolations(reply!.body)).toEqual([]);
    expect(sectionTexts(reply!.body).join()).not.toBe('');
  });

  it('acks every redelivery of an event but answers it once', async () => {
    h = await startSlackHarness({ mode: 'socket' });
    const first = h.fake.pushEnvelope('events_api', mentionEvent('EvS1', '1700000900.000100'));
    await h.fake.waitFor('chat.postMessage');
    const retry = h.fake.pushEnvelope('events_api', mentionEvent('EvS1', '1700000900.000100'), { retryAttempt: 1 });
    await vi.waitFor(() => expect(h!.fake.of('socket_ack').map((a) => a.body['envelope_id'])).toEqual(expect.arrayContaining([first, retry])));
    await sleep(300);
    expect(h.fake.of('chat.postMessage')).toHaveLength(1);
    expect(h.fake.of('chat.postMessage')[0]?.body['thread_ts']).toBe('1700000900.000100');
  });

  it('closes its connection on stop', async () => {
    h = await startSlackHarness({ mode: 'socket' });
    await h.adapter.stop();
    await vi.waitFor(() => expect(h!.fake.sockets).toBe(0));
  });

  it('fails to start with a clear error when Slack rejects the bot token', async () => {
    const fake = await startFakeSlack();
    const app = await createTestApp();
    try {
      fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
      const adapter = new SlackAdapter({
        app,
        logger: memoryLogger().logger,
        config: { botToken: 'xoxb-wrong', appToken: 'xapp-test', mode: 'socket', port: 0, apiUrl: fake.apiUrl, adminUserIds: [] },
        clientOptions: { retryConfig: { retries: 0 } },
      });
      await expect(adapter.start()).rejects.toThrow(/invalid_auth/u);
      expect(fake.sockets).toBe(0);
    } finally {
      app.dispose();
      await fake.close();
    }
  });
});
