import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.ts';
import { discordError, rateLimited, type RecordedCall } from '../../fixtures/fake-discord.ts';
import { checkedHarnesses, until, type Harness } from './harness.ts';
import { limitViolations, messageBodyOf } from './limits.ts';

// Whatever a test does, every message it sends stays within the limits and pings no one.
const startHarness = checkedHarnesses();
let h: Harness | undefined;

const LORA = 'What does LoRA change in a model?';
const isEdit = (token: string) => (c: RecordedCall) => c.method === 'PATCH' && c.route.includes(token) && c.route.endsWith('/@original');
const contentCalls = (calls: RecordedCall[]) => calls.filter((c) => messageBodyOf(c) !== undefined);

describe('Discord slash commands (real discord.js against the fake)', () => {
  it('defers a model-backed command before the slow handler finishes, then edits the answer in', async () => {
    h = await startHarness();
    const handle = h.app.handle;
    let finishedAt = 0;
    h.app.handle = async (inv, requester) => {
      await sleep(500);
      const reply = await handle(inv, requester);
      finishedAt = performance.now();
      return reply;
    };
    const ask = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    const edit = await h.fake.waitForCall(isEdit(ask.token));
    const [defer] = h.fake.callsFor(ask);
    expect(defer?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(defer!.at - ask.sentAt).toBeLessThan(1000);
    expect(defer!.at).toBeLessThan(finishedAt);
    expect(edit.at).toBeGreaterThan(finishedAt);
    const embed = messageBodyOf(edit)?.embeds?.[0];
    expect(embed?.description).toMatch(/\[1\]/u);
    expect(embed?.fields?.[0]?.name).toBe('Sources');
    expect(edit.status).toBe(200);
  });

  it('answers a fast command directly (type 4), ephemeral when the reply is, without deferring', async () => {
    h = await startHarness();
    const help = h.fake.slashCommand({ name: 'help' });
    const callback = await h.fake.waitForCall((c) => c.route.includes(help.token));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64, embeds: [{ title: 'studybot help' }] } });
    expect(h.fake.callsFor(help)).toHaveLength(1);
  });

  it('parses options by name: /explain topic level', async () => {
    h = await startHarness();
    const explain = h.fake.slashCommand({ name: 'explain', options: { topic: 'RLHF', level: 'beginner' } });
    const edit = await h.fake.waitForCall(isEdit(explain.token));
    expect(messageBodyOf(edit)?.embeds?.[0]?.title).toMatch(/\(beginner\)$/u);
  });

  it('tells a member without Manage Server that /studychannel is for admins, and lets an admin run it', async () => {
    h = await startHarness();
    const channel = h.fake.channels.study;
    const member = h.fake.slashCommand({ name: 'studychannel', options: { action: 'on' }, channelId: channel });
    const refused = messageBodyOf(await h.fake.waitForCall((c) => c.route.includes(member.token)));
    expect(refused?.content).toMatch(/admins only/u);
    expect(refused?.flags).toBe(64);
    expect(h.app.store.channels.get('discord', channel)).toBeUndefined();

    const admin = h.fake.slashCommand({ name: 'studychannel', options: { action: 'on' }, channelId: channel, admin: true });
    const done = messageBodyOf(await h.fake.waitForCall((c) => c.route.includes(admin.token)));
    expect(done?.content).toMatch(/now a study channel/u);
    expect(h.app.store.channels.get('discord', channel)).toMatchObject({ answerQuestions: true });
  });

  it('splits a very long answer into an edit plus follow-ups, every body within the limits and parsing no mentions', async () => {
    h = await startHarness();
    const handle = h.app.handle;
    const huge: Reply = {
      kind: 'answer',
      text: Array.from({ length: 200 }, (_, i) => `Sentence ${i} about adapters and @everyone <@&1234> <@5678>. [${(i % 3) + 1}]${i % 7 === 6 ? '\n' : ' '}`).join(''),
      sources: Array.from({ length: 3 }, (_, i) => ({ file: `0${i}-notes.md`, heading: `Heading ${i}`, score: 1, startLine: 1, endLine: 9 })),
      buttons: [{ id: 'fb:up:1', label: '👍 Helpful' }],
      meta: { answerId: 1 },
    };
    h.app.handle = async (inv, requester) => (inv.name === 'ask' ? huge : handle(inv, requester));
    const ask = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    await h.fake.waitForCall(isEdit(ask.token));
    await until(() => (h!.fake.callsFor(ask).filter((c) => c.method === 'POST').length >= 3 ? true : undefined));
    const help = h.fake.slashCommand({ name: 'help' });
    await h.fake.waitForCall((c) => c.route.includes(help.token));

    const bodies = contentCalls(h.fake.calls).map((c) => messageBodyOf(c)!);
    expect(bodies.length).toBeGreaterThanOrEqual(4); // edit + follow-ups + /help
    for (const body of bodies) {
      expect(limitViolations(body)).toEqual([]);
      expect(body.allowed_mentions).toEqual({ parse: [] });
    }
    const parts = contentCalls(h.fake.callsFor(ask)).map((c) => messageBodyOf(c)!);
    expect(parts.at(-1)?.components).toHaveLength(1);
    expect(parts.slice(0, -1).every((p) => !p.components?.length)).toBe(true);
    expect(parts.map((p) => p.embeds?.[0]?.description ?? '').join(' ')).toContain('Sentence 199');
  });

  it('echoes @everyone from a reply without pinging anyone', async () => {
    h = await startHarness();
    h.app.handle = async () => ({ kind: 'info', text: 'Quoted from the notes: @everyone, @here, <@&1234> and <@5678>.' });
    const cmd = h.fake.slashCommand({ name: 'help' });
    const body = messageBodyOf(await h.fake.waitForCall((c) => c.route.includes(cmd.token)));
    expect(body?.content).toContain('@everyone');
    expect(body?.allowed_mentions).toEqual({ parse: [] });
  });

  it('retries an interaction callback answered 429 after Retry-After, then succeeds', async () => {
    h = await startHarness();
    h.fake.script({ method: 'POST', route: /\/callback$/u }, rateLimited(0.3));
    const ask = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    await h.fake.waitForCall(isEdit(ask.token));
    const [first, second] = h.fake.callsFor(ask);
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(204);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(290);
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('retries an edit answered 429 (a bucketed route) and delivers it', async () => {
    h = await startHarness();
    h.fake.script({ method: 'PATCH', route: /@original$/u }, rateLimited(0.2));
    const ask = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    const ok = await h.fake.waitForCall((c) => isEdit(ask.token)(c) && c.status === 200);
    const edits = h.fake.callsFor(ask).filter(isEdit(ask.token));
    expect(edits.map((c) => c.status)).toEqual([429, 200]);
    expect(ok.at - edits[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('logs a 403 Missing Permissions with an error id, apologises with the same id, and keeps working', async () => {
    h = await startHarness();
    h.fake.script({ method: 'PATCH', route: /@original$/u }, discordError(50013));
    const ask = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    const apology = await h.fake.waitForCall((c) => c.method === 'POST' && c.route.endsWith(ask.token));
    const logged = await until(() => h!.logs.find((l) => l.msg === 'discord handler failed'));
    expect(logged).toMatchObject({ code: 50013, status: 403 });
    expect(messageBodyOf(apology)).toMatchObject({ content: expect.stringContaining(`error id ${logged.errorId}`), flags: 64, allowed_mentions: { parse: [] } });

    const again = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    expect((await h.fake.waitForCall(isEdit(again.token))).status).toBe(200);
  });

  it('logs an expired interaction (10062) without another call on the dead token, and answers the next command', async () => {
    h = await startHarness();
    h.fake.script({ method: 'POST', route: /\/callback$/u }, discordError(10062));
    const lost = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    const logged = await until(() => h!.logs.find((l) => l.msg === 'discord handler failed'));
    expect(logged).toMatchObject({ code: 10062, level: 50 });
    expect(logged.errorId).toMatch(/^[0-9a-f]{8}$/u);

    const next = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    expect((await h.fake.waitForCall(isEdit(next.token))).status).toBe(200);
    expect(h.fake.callsFor(lost)).toHaveLength(1);
  });

  it('turns an exception in a handler into an ephemeral apology whose error id matches the log line', async () => {
    h = await startHarness();
    h.app.handle = async () => {
      throw new Error('boom');
    };
    const cmd = h.fake.slashCommand({ name: 'help' });
    const body = messageBodyOf(await h.fake.waitForCall((c) => c.route.includes(cmd.token)));
    const logged = await until(() => h!.logs.find((l) => l.msg === 'discord handler failed'));
    expect(body).toMatchObject({ flags: 64, content: `Sorry, something went wrong on my side. (error id ${logged.errorId})` });
    expect((logged['err'] as { message: string }).message).toBe('boom');
  });

  it('follows up privately when a deferred public command ends in an ephemeral reply (rate limit)', async () => {
    h = await startHarness({ STUDYBOT_RATE_LIMIT_PER_MINUTE: '1' });
    const first = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    await h.fake.waitForCall(isEdit(first.token));
    const second = h.fake.slashCommand({ name: 'ask', options: { question: LORA } });
    const followUp = await h.fake.waitForCall((c) => c.method === 'POST' && c.route.endsWith(second.token));
    expect(h.fake.callsFor(second).map((c) => c.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(messageBodyOf(followUp)).toMatchObject({ flags: 64, content: expect.stringMatching(/faster than I can keep up/u) });
  });
});
