import { describe, expect, it } from 'vitest';
import type { Turn } from '../../../src/store/threads.ts';
import { discordError, type FakeMessage, type RecordedCall, type SentInteraction } from '../../fixtures/fake-discord.ts';
import { checkedHarnesses, until, type Harness } from './harness.ts';
import { messageBodyOf, textOf } from './limits.ts';

// Whatever a test does, every message it sends stays within the limits and pings no one.
const startHarness = checkedHarnesses();
let h: Harness | undefined;

const LORA = 'What does LoRA change in a model?';
type Button = { custom_id: string; label: string };

/** Runs /ask and returns the answer message as Discord stored it, with its buttons. */
async function ask(harness: Harness, question: string): Promise<{ cmd: SentInteraction; message: FakeMessage; buttons: Button[] }> {
  const cmd = harness.fake.slashCommand({ name: 'ask', options: { question } });
  await harness.fake.waitForCall((c) => c.method === 'PATCH' && c.route.includes(cmd.token));
  const message = harness.fake.messagesOf(cmd)[0]!;
  const buttons = (message['components'] as { components: Button[] }[]).flatMap((r) => r.components);
  return { cmd, message, buttons };
}

const answerIdOf = (buttons: Button[]) => Number(/(\d+)$/u.exec(buttons[0]!.custom_id)![1]);
const callbackOf = (click: SentInteraction) => (c: RecordedCall) => c.route.includes(click.token);

describe('Discord buttons under answers', () => {
  it('stores 👍 and 👎 feedback and thanks the clicker privately', async () => {
    h = await startHarness();
    const { message, buttons } = await ask(h, LORA);
    expect(buttons.map((b) => b.label)).toEqual(['👍 Helpful', '👎 Not helpful', 'Follow up in a thread']);
    const answerId = answerIdOf(buttons);

    const up = h.fake.clickButton({ customId: buttons[0]!.custom_id, message });
    const thanks = messageBodyOf(await h.fake.waitForCall(callbackOf(up)));
    expect(thanks).toMatchObject({ flags: 64, content: 'Thanks — glad it helped!', allowed_mentions: { parse: [] } });
    const down = h.fake.clickButton({ customId: buttons[1]!.custom_id, message, user: h.fake.user('bob') });
    await h.fake.waitForCall(callbackOf(down));
    expect(h.app.store.feedback.totals(answerId)).toEqual({ up: 1, down: 1 });
  });

  it('answers a stale button with "expired" and stores nothing', async () => {
    h = await startHarness();
    const { message } = await ask(h, LORA);
    const click = h.fake.clickButton({ customId: 'fb:up:999', message });
    expect(messageBodyOf(await h.fake.waitForCall(callbackOf(click)))).toMatchObject({ flags: 64, content: 'That button has expired.' });
    expect(h.app.store.feedback.totals(999)).toEqual({ up: 0, down: 0 });
  });

  it('opens a follow-up thread on the answer, and answers a later message there with the earlier turn as context', async () => {
    h = await startHarness();
    const { message, buttons } = await ask(h, `@everyone ${LORA}`);
    const click = h.fake.clickButton({ customId: buttons[2]!.custom_id, message });
    const pointer = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.route.includes(click.token));
    expect(h.fake.callsFor(click)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });

    const created = h.fake.calls.find((c) => c.route === `/channels/${message.channel_id}/messages/${message.id}/threads`);
    expect(created?.status).toBe(201);
    const threadId = message.id; // a thread started on a message takes the message's id
    expect(messageBodyOf(pointer)?.content).toBe(`Ask your follow-up in <#${threadId}>.`);
    const [starter] = h.fake.messagesIn(threadId);
    const starterCall = h.fake.calls.find((c) => c.route === `/channels/${threadId}/messages`)!;
    expect(textOf(messageBodyOf(starterCall)!)).toContain(`Follow-up thread for: "@everyone ${LORA}"`);
    expect(messageBodyOf(starterCall)?.allowed_mentions).toEqual({ parse: [] }); // the echoed @everyone pings no one
    expect(starter).toBeDefined();
    expect(h.app.store.threads.has('discord', threadId)).toBe(true);

    const histories: (readonly Turn[])[] = [];
    const coreAsk = h.app.core.ask.bind(h.app.core);
    h.app.core.ask = async (question, history = []) => {
      histories.push(history);
      return coreAsk(question, history);
    };
    h.fake.messageCreate({ content: 'and how much does it cut trainable parameters?', channelId: threadId });
    await until(() => (h!.fake.messagesIn(threadId).length >= 2 ? true : undefined));
    expect(histories[0]?.map((t) => t.question)).toEqual([`@everyone ${LORA}`]);
    const answer = h.fake.calls.filter((c) => c.route === `/channels/${threadId}/messages`).at(-1)!;
    expect(messageBodyOf(answer)?.embeds?.[0]?.fields?.[0]?.name).toBe('Sources');
    expect(h.app.store.threads.turns('discord', threadId)).toHaveLength(2);
  });

  it('reports a thread it may not create (403) with an error id and stays up for the next click', async () => {
    h = await startHarness();
    const { message, buttons } = await ask(h, LORA);
    h.fake.script({ method: 'POST', route: /\/threads$/u }, discordError(50013));
    const click = h.fake.clickButton({ customId: buttons[2]!.custom_id, message });
    const apology = await h.fake.waitForCall((c) => c.method === 'POST' && c.route.endsWith(click.token));
    const logged = await until(() => h!.logs.find((l) => l.msg === 'discord handler failed'));
    expect(logged).toMatchObject({ code: 50013 });
    expect(messageBodyOf(apology)?.content).toContain(logged.errorId);

    const retry = h.fake.clickButton({ customId: buttons[2]!.custom_id, message });
    expect((await h.fake.waitForCall((c) => c.method === 'PATCH' && c.route.includes(retry.token))).status).toBe(200);
    expect(h.fake.threads.has(message.id)).toBe(true);
  });
});
