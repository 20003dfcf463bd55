import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../src/core/conversation.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { discordError } from '../../fixtures/fake-discord.ts';
import { checkedHarnesses, until, type Harness } from './harness.ts';
import { messageBodyOf } from './limits.ts';

// Whatever a test does, every message it sends stays within the limits and pings no one.
const startHarness = checkedHarnesses();
let h: Harness | undefined;

const QUESTION = 'How does LoRA reduce the number of trainable parameters?';

/** Records what the core was asked and answered for each channel message. */
function spyMessages(harness: Harness): { msg: IncomingMessage; reply: Reply | undefined }[] {
  const seen: { msg: IncomingMessage; reply: Reply | undefined }[] = [];
  const handleMessage = harness.app.handleMessage;
  harness.app.handleMessage = async (msg, requester) => {
    const reply = await handleMessage(msg, requester);
    seen.push({ msg, reply });
    return reply;
  };
  return seen;
}

describe('Discord channel messages', () => {
  it('answers a question in a study channel in a new thread only after an admin ran /studychannel on', async () => {
    h = await startHarness();
    const seen = spyMessages(h);
    const study = h.fake.channels.study;
    h.fake.messageCreate({ content: QUESTION, channelId: study });
    await until(() => seen[0]);
    expect(seen[0]?.reply).toBeUndefined();

    const on = h.fake.slashCommand({ name: 'studychannel', options: { action: 'on' }, channelId: study, admin: true });
    await h.fake.waitForCall((c) => c.route.includes(on.token));
    const question = h.fake.messageCreate({ content: QUESTION, channelId: study });
    const thread = await h.fake.waitForCall((c) => c.route === `/channels/${study}/messages/${question.id}/threads`);
    expect(thread.body).toMatchObject({ name: QUESTION });
    const answer = await h.fake.waitForCall((c) => c.method === 'POST' && c.route === `/channels/${question.id}/messages`);
    expect(messageBodyOf(answer)).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ fields: [{ name: 'Sources' }] }] });
    expect(h.app.store.threads.has('discord', question.id)).toBe(true);

    h.fake.messageCreate({ content: 'thanks all, see you tomorrow', channelId: study });
    await until(() => seen[2]);
    expect(seen[2]?.reply).toBeUndefined();
    expect(h.fake.calls.filter((c) => c.route.endsWith('/threads'))).toHaveLength(1);
  });

  it('answers an @mention anywhere, with the mention stripped from the question', async () => {
    h = await startHarness();
    const seen = spyMessages(h);
    const m = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> what does RLHF stand for?` });
    await h.fake.waitForCall((c) => c.method === 'POST' && c.route === `/channels/${m.id}/messages`);
    expect(seen[0]?.msg).toEqual({ text: 'what does RLHF stand for?', mentioned: true });
  });

  it('answers a bare mention with a usage hint in place, without a thread', async () => {
    h = await startHarness();
    const m = h.fake.messageCreate({ content: `<@!${h.fake.botUser.id}>` });
    const hint = await h.fake.waitForCall((c) => c.route === `/channels/${h!.fake.channels.general}/messages`);
    expect(hint.body).toMatchObject({ message_reference: { message_id: m.id }, content: expect.stringMatching(/^Ask me something about the notes/u) });
    expect(h.fake.calls.some((c) => c.route.endsWith('/threads'))).toBe(false);
  });

  it('ignores other bots, even when they mention it', async () => {
    h = await startHarness();
    const seen = spyMessages(h);
    h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> what is LoRA?`, user: { ...h.fake.user('otherbot'), bot: true } });
    const human = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> what is LoRA?` });
    await h.fake.waitForCall((c) => c.route === `/channels/${human.id}/messages`);
    expect(seen).toHaveLength(1);
  });

  it('replies in place, without opening a thread, when the asker is rate limited', async () => {
    h = await startHarness({ STUDYBOT_RATE_LIMIT_PER_MINUTE: '1' });
    const mention = `<@${h.fake.botUser.id}> ${QUESTION}`;
    h.fake.messageCreate({ content: mention });
    await h.fake.waitForCall((c) => c.route.endsWith('/threads'));
    const second = h.fake.messageCreate({ content: mention });
    const reply = await h.fake.waitForCall((c) => c.route === `/channels/${h!.fake.channels.general}/messages`);
    expect(reply.body).toMatchObject({ message_reference: { message_id: second.id }, allowed_mentions: { parse: [] } });
    expect(messageBodyOf(reply)?.content).toMatch(/faster than I can keep up/u);
    expect(h.fake.calls.filter((c) => c.route.endsWith('/threads'))).toHaveLength(1);
  });

  it('logs a thread it may not start (403) with an error id, apologises in place, and answers the next mention', async () => {
    h = await startHarness();
    h.fake.script({ method: 'POST', route: /\/threads$/u }, discordError(50013));
    const mention = `<@${h.fake.botUser.id}> ${QUESTION}`;
    const first = h.fake.messageCreate({ content: mention });
    const apology = await h.fake.waitForCall((c) => c.route === `/channels/${h!.fake.channels.general}/messages`);
    const logged = await until(() => h!.logs.find((l) => l.msg === 'discord handler failed'));
    expect(logged).toMatchObject({ code: 50013, messageId: first.id });
    expect(apology.body).toMatchObject({ content: `Sorry, something went wrong on my side. (error id ${logged.errorId})`, message_reference: { message_id: first.id } });

    const second = h.fake.messageCreate({ content: mention });
    expect((await h.fake.waitForCall((c) => c.route === `/channels/${second.id}/messages`)).status).toBe(200);
  });
});
