import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonClick, eventCallback, slashCommand } from '../../fixtures/fake-slack.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../fixtures/fake-openai.ts';
import { ADMIN, sectionTexts, sleep, startSlackHarness, type SlackHarness } from './harness.ts';
import { allStrings, blockKitViolations } from './limits.ts';

const mention = (text: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  user: 'U0ALICE',
  text,
  ts,
  channel: 'C0STUDY',
  ...extra,
});
const message = (text: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel_type: 'channel',
  user: 'U0ALICE',
  text,
  ts,
  channel: 'C0STUDY',
  ...extra,
});

describe('Slack events and buttons through the real Bolt HTTP receiver', () => {
  let h: SlackHarness | undefined;
  let model: FakeOpenAI | undefined;
  afterEach(async () => {
    await h?.close();
    await model?.close();
    h = undefined;
    model = undefined;
  });

  /** The harness over a fake chat model that always replies `reply` (generative mode). */
  async function withModel(reply: string): Promise<SlackHarness> {
    model = await startFakeOpenAI({ defaultReply: reply });
    return startSlackHarness({ env: { OPENAI_BASE_URL: model.url, OPENAI_MAX_RETRIES: '0' } });
  }

  it('answers an app_mention in a thread, without the bot mention in the question, and links the thread', async () => {
    h = await startSlackHarness();
    const res = await h.send(eventCallback(mention('<@UBOT> What does LoRA change in a model?', '1700000100.000100'), 'Ev1'));
    expect(res.status).toBe(200);
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(post!.body).toMatchObject({ channel: 'C0STUDY', thread_ts: '1700000100.000100', link_names: 'false' });
    expect(blockKitViolations(post!.body)).toEqual([]);
    expect(h.app.store.answers.get(1)?.question).toBe('What does LoRA change in a model?');
    // Linked once the post succeeded (the fake records the call before it answers).
    await vi.waitFor(() => expect(h!.app.store.threads.has('slack', '1700000100.000100')).toBe(true));
  });

  it('answers the same event_id once even when Slack retries it (X-Slack-Retry-Num), acking every delivery', async () => {
    h = await startSlackHarness();
    const delivery = eventCallback(mention('<@UBOT> What is LoRA?', '1700000200.000100'), 'EvDup');
    const first = await h.send(delivery);
    const retry = await h.send(delivery, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.fake.waitFor('chat.postMessage');
    await sleep(300);
    expect(h.fake.of('chat.postMessage')).toHaveLength(1);
    expect(h.logs.some((l) => l['eventId'] === 'EvDup' && l['retryNum'] === 1)).toBe(true);
    // A different event is still answered.
    await h.send(eventCallback(mention('<@UBOT> What is RLHF?', '1700000201.000100'), 'EvOther'));
    await h.fake.waitFor('chat.postMessage', 2);
  });

  it('stays quiet on ordinary channel chatter, on its own messages and on edits', async () => {
    h = await startSlackHarness();
    await h.send(eventCallback(message('What is LoRA?', '1700000300.000100'), 'EvQ1'));
    await h.send(eventCallback(message('What is LoRA?', '1700000301.000100', { user: 'UBOT', bot_id: 'BBOT' }), 'EvBot'));
    await h.send(eventCallback(message('edited', '1700000302.000100', { subtype: 'message_changed' }), 'EvEdit'));
    await sleep(300);
    expect(h.fake.of('chat.postMessage')).toHaveLength(0);
  });

  it('in a study channel, answers a plain question in a thread (and only once when it also @mentions the bot)', async () => {
    h = await startSlackHarness();
    await h.send(slashCommand({ command: '/studychannel', text: 'on', userId: ADMIN, responseUrl: h.fake.responseUrl('on') }));
    await h.fake.waitFor('response_url', 1, 5000, 'on');
    await h.send(eventCallback(message('How does LoRA reduce trainable parameters?', '1700000400.000100'), 'EvQ'));
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(post!.body['thread_ts']).toBe('1700000400.000100');
    // Slack sends both app_mention and message for a mention: exactly one answer.
    const text = '<@UBOT> What is RLHF?';
    await h.send(eventCallback(message(text, '1700000401.000100'), 'EvM1'));
    await h.send(eventCallback(mention(text, '1700000401.000100'), 'EvM2'));
    await h.fake.waitFor('chat.postMessage', 2);
    await sleep(300);
    expect(h.fake.of('chat.postMessage').filter((c) => c.body['thread_ts'] === '1700000401.000100')).toHaveLength(1);
  });

  it('stores 👍 feedback from a block_actions click and thanks the user ephemerally', async () => {
    h = await startSlackHarness();
    await h.send(slashCommand({ command: '/ask', text: 'What does LoRA change in a model?', responseUrl: h.fake.responseUrl('a') }));
    await h.fake.waitFor('response_url', 1, 5000, 'a');
    const res = await h.send(buttonClick({ actionId: 'fb:up:1', messageTs: '1700000500.000100', responseUrl: h.fake.responseUrl('click') }));
    expect(res.status).toBe(200);
    const [thanks] = await h.fake.waitFor('response_url', 1, 5000, 'click');
    expect(thanks!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(sectionTexts(thanks!.body).join()).toMatch(/Thanks/u);
    expect(h.app.store.feedback.totals(1)).toEqual({ up: 1, down: 0 });
    await h.send(buttonClick({ actionId: 'fb:down:1', messageTs: '1700000500.000100', userId: 'U0BOB', responseUrl: h.fake.responseUrl('click2') }));
    await h.fake.waitFor('response_url', 1, 5000, 'click2');
    expect(h.app.store.feedback.totals(1)).toEqual({ up: 1, down: 1 });
  });

  it('"Follow up in a thread" opens the thread under the answer; a question there is answered with the earlier turn as context', async () => {
    h = await withModel('LoRA freezes the base weights and trains small low-rank matrices. [1]');
    await h.send(slashCommand({ command: '/ask', text: 'What does LoRA change in a model?', responseUrl: h.fake.responseUrl('ask') }));
    await h.fake.waitFor('response_url', 1, 5000, 'ask');
    const answerTs = '1700000600.000100'; // the ts Slack gave the posted answer
    await h.send(buttonClick({ actionId: 'thread:1', messageTs: answerTs, responseUrl: h.fake.responseUrl('th') }));
    const [starter] = await h.fake.waitFor('chat.postMessage');
    expect(starter!.body).toMatchObject({ channel: 'C0STUDY', thread_ts: answerTs });
    expect(sectionTexts(starter!.body).join()).toContain('What does LoRA change in a model?');
    await vi.waitFor(() => expect(h!.app.store.threads.has('slack', answerTs)).toBe(true));

    await h.send(eventCallback(message('How does it compare with full fine-tuning?', '1700000601.000100', { thread_ts: answerTs }), 'EvFollow'));
    const posts = await h.fake.waitFor('chat.postMessage', 2);
    expect(posts[1]!.body['thread_ts']).toBe(answerTs);
    const prompt = JSON.stringify(model!.requests.at(-1)?.body['messages']);
    expect(prompt).toContain('Earlier question: What does LoRA change in a model?');
    expect(prompt).toContain('Question: How does it compare with full fine-tuning?');
    expect(h.app.store.threads.turns('slack', answerTs)).toHaveLength(2);
  });

  it('escapes <!channel>, <!here>, <@user> and & < > from model output and echoed input in everything it sends', async () => {
    h = await withModel('Tell <!channel> and <!here> and <!everyone> and <@U0BOB> & see <https://evil.example|this> @here [1]');
    await h.send(eventCallback(mention('<@UBOT> What does LoRA change in a model?', '1700000700.000100'), 'EvEsc'));
    await h.send(slashCommand({ command: '/explain', text: '&lt;!channel&gt; ping', responseUrl: h.fake.responseUrl('echo') }));
    const [post] = await h.fake.waitFor('chat.postMessage');
    const [echo] = await h.fake.waitFor('response_url', 1, 5000, 'echo');
    for (const sent of [post!.body, echo!.body]) {
      for (const s of allStrings(sent)) expect(s).not.toMatch(/<[!@#]|<https?:/u);
      expect(blockKitViolations(sent)).toEqual([]);
    }
    const sentText = JSON.stringify(post!.body);
    expect(sentText).toContain('&lt;!channel&gt;');
    expect(sentText).toContain('&lt;@U0BOB&gt;');
    expect(sentText).toContain('&amp; see');
    expect(post!.body['link_names']).toBe('false');
    expect(JSON.stringify(echo!.body)).toContain('&lt;!channel&gt;');
  });

  it('splits an answer longer than 3000 characters into several sections, never more than 50 blocks, citations intact', async () => {
    const long = Array.from({ length: 90 }, (_, i) => `Point ${i}: LoRA trains two small matrices whose product updates a frozen weight. [${(i % 2) + 1}]`).join(' ');
    expect(long.length).toBeGreaterThan(7000);
    h = await withModel(long);
    await h.send(slashCommand({ command: '/ask', text: 'What does LoRA change in a model?', responseUrl: h.fake.responseUrl('long') }));
    const [reply] = await h.fake.waitFor('response_url', 1, 5000, 'long');
    const sections = sectionTexts(reply!.body);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    expect(blockKitViolations(reply!.body)).toEqual([]);
    expect((reply!.body['blocks'] as unknown[]).length).toBeLessThanOrEqual(50);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(3000);
      expect(s).toMatch(/^Point \d+:/u);
      expect(s).toMatch(/\[\d\]$/u);
    }
    expect(sections.join(' ')).toBe(long);
  });

  it('logs a Web API failure with an error id, tries an apology, and keeps answering', async () => {
    h = await startSlackHarness();
    h.fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await h.send(eventCallback(mention('<@UBOT> What is LoRA?', '1700000800.000100'), 'EvFail'));
    const [apology] = await h.fake.waitFor('chat.postEphemeral');
    const errorId = /error id ([0-9a-f]{8})/u.exec(String(apology!.body['text']))?.[1];
    expect(apology!.body).toMatchObject({ channel: 'C0STUDY', user: 'U0ALICE', thread_ts: '1700000800.000100' });
    expect(h.logs.find((l) => l['errorId'] === errorId)).toMatchObject({ msg: 'slack handler failed', err: { slackError: 'not_in_channel' } });
    expect(JSON.stringify(h.logs)).not.toContain('xoxb-test');
    await h.send(eventCallback(mention('<@UBOT> What is RLHF?', '1700000801.000100'), 'EvOk'));
    await h.fake.waitFor('chat.postMessage', 2);
  });
});
