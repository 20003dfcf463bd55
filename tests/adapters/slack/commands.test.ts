import { afterEach, describe, expect, it } from 'vitest';
import { slashCommand } from '../../fixtures/fake-slack.ts';
import { ADMIN, sectionTexts, sleep, startSlackHarness, type SlackHarness } from './harness.ts';
import { blockKitViolations } from './limits.ts';

describe('Slack slash commands through the real Bolt HTTP receiver', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('acks a validly signed /ask with 200 and answers at the response_url in Block Kit within limits', async () => {
    h = await startSlackHarness();
    const res = await h.send(slashCommand({ command: '/ask', text: 'What does LoRA change in a model?', responseUrl: h.fake.responseUrl('ask1') }));
    expect(res).toEqual({ status: 200, body: '' });
    const [answer] = await h.fake.waitFor('response_url', 1, 5000, 'ask1');
    expect(answer!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(blockKitViolations(answer!.body)).toEqual([]);
    const types = (answer!.body['blocks'] as { type: string }[]).map((b) => b.type);
    expect(types).toContain('section');
    expect(types).toContain('context'); // sources
    expect(types.at(-1)).toBe('actions');
    expect(JSON.stringify(answer!.body)).toMatch(/"action_id":"fb:up:\d+"/u);
    // The answer was stored for feedback, under the Slack user.
    expect(h.app.store.answers.get(1)).toMatchObject({ platform: 'slack', userId: 'U0ALICE', question: 'What does LoRA change in a model?' });
    // auth.test once at start-up, with the bot token.
    expect(h.fake.of('auth.test')).toHaveLength(1);
    expect(h.fake.of('auth.test')[0]?.headers.authorization).toBe('Bearer xoxb-test');
  });

  it('rejects a forged signature with 401 and runs nothing', async () => {
    h = await startSlackHarness();
    const forged = `v0=${'0'.repeat(64)}`;
    const res = await h.send(slashCommand({ command: '/ask', text: 'What is LoRA?', responseUrl: h.fake.responseUrl('forged') }), { signature: forged });
    expect(res.status).toBe(401);
    await sleep(100);
    expect(h.fake.of('response_url')).toHaveLength(0);
    expect(h.app.store.answers.get(1)).toBeUndefined();
  });

  it('rejects a correctly signed request older than 5 minutes with 401', async () => {
    h = await startSlackHarness();
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.send(slashCommand({ command: '/ask', text: 'What is LoRA?', responseUrl: h.fake.responseUrl('old') }), { timestamp: old });
    expect(res.status).toBe(401);
    const fresh = await h.send(slashCommand({ command: '/help', responseUrl: h.fake.responseUrl('fresh') }));
    expect(fresh.status).toBe(200);
  });

  it('acks before the work: the 200 arrives while the command is still running', async () => {
    h = await startSlackHarness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = h.app.handle;
    h.app.handle = async (inv, requester) => {
      await gate;
      return original(inv, requester);
    };
    const res = await h.send(slashCommand({ command: '/help', responseUrl: h.fake.responseUrl('slow') }), { });
    expect(res.status).toBe(200);
    expect(h.fake.of('response_url')).toHaveLength(0);
    release();
    const [reply] = await h.fake.waitFor('response_url', 1, 5000, 'slow');
    expect(reply!.body['response_type']).toBe('ephemeral'); // /help is only for the asker
  });

  it('parses options from the free text exactly like the console: /explain RLHF level:beginner', async () => {
    h = await startSlackHarness();
    await h.send(slashCommand({ command: '/explain', text: 'RLHF level:beginner', responseUrl: h.fake.responseUrl('ex') }));
    const [reply] = await h.fake.waitFor('response_url', 1, 5000, 'ex');
    const header = (reply!.body['blocks'] as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header');
    expect(header?.text?.text).toMatch(/\(beginner\)$/u);
    expect(blockKitViolations(reply!.body)).toEqual([]);
  });

  it('answers a bad option with the usage line, ephemerally', async () => {
    h = await startSlackHarness();
    await h.send(slashCommand({ command: '/explain', text: 'RLHF level:wizard', responseUrl: h.fake.responseUrl('bad') }));
    const [reply] = await h.fake.waitFor('response_url', 1, 5000, 'bad');
    expect(reply!.body['response_type']).toBe('ephemeral');
    expect(sectionTexts(reply!.body).join('\n')).toContain('Usage: /explain topic:');
  });

  it('/studychannel: a non-admin is told it is for admins only; an admin from SLACK_ADMIN_USER_IDS configures the channel', async () => {
    h = await startSlackHarness();
    await h.send(slashCommand({ command: '/studychannel', text: 'on', userId: 'U0BOB', responseUrl: h.fake.responseUrl('bob') }));
    const [denied] = await h.fake.waitFor('response_url', 1, 5000, 'bob');
    expect(sectionTexts(denied!.body).join()).toMatch(/admins only/u);
    expect(denied!.body['response_type']).toBe('ephemeral');
    expect(h.app.store.channels.get('slack', 'C0STUDY')).toBeUndefined();

    await h.send(slashCommand({ command: '/studychannel', text: 'action:on questions:yes', userId: ADMIN, responseUrl: h.fake.responseUrl('admin') }));
    const [ok] = await h.fake.waitFor('response_url', 1, 5000, 'admin');
    expect(sectionTexts(ok!.body).join()).toMatch(/now a study channel/u);
    expect(ok!.body['response_type']).toBe('in_channel');
    expect(h.app.store.channels.get('slack', 'C0STUDY')).toMatchObject({ answerQuestions: true });
  });

  it('answers a user over the rate limit politely, ephemerally', async () => {
    h = await startSlackHarness({ env: { STUDYBOT_RATE_LIMIT_PER_MINUTE: '1' } });
    await h.send(slashCommand({ command: '/ask', text: 'What is LoRA?', responseUrl: h.fake.responseUrl('r1') }));
    await h.fake.waitFor('response_url', 1, 5000, 'r1');
    await h.send(slashCommand({ command: '/ask', text: 'What is RLHF?', responseUrl: h.fake.responseUrl('r2') }));
    const [limited] = await h.fake.waitFor('response_url', 1, 5000, 'r2');
    expect(limited!.body['response_type']).toBe('ephemeral');
    expect(sectionTexts(limited!.body).join()).toMatch(/try again in \d+ s/u);
  });

  it('a handler that throws gives an ephemeral apology whose error id matches the log line, and the bot keeps serving', async () => {
    h = await startSlackHarness();
    const original = h.app.handle;
    h.app.handle = async () => {
      throw new Error('database on fire');
    };
    await h.send(slashCommand({ command: '/ask', text: 'What is LoRA?', responseUrl: h.fake.responseUrl('boom') }));
    const [sorry] = await h.fake.waitFor('response_url', 1, 5000, 'boom');
    expect(sorry!.body['response_type']).toBe('ephemeral');
    const errorId = /error id ([0-9a-f]{8})/u.exec(String(sorry!.body['text']))?.[1];
    expect(errorId).toBeDefined();
    const logged = h.logs.find((l) => l['errorId'] === errorId);
    expect(logged).toMatchObject({ level: 50, msg: 'slack handler failed', command: '/ask' });
    expect(JSON.stringify(logged)).toContain('database on fire');

    h.app.handle = original;
    await h.send(slashCommand({ command: '/help', responseUrl: h.fake.responseUrl('after') }));
    await expect(h.fake.waitFor('response_url', 1, 5000, 'after')).resolves.toHaveLength(1);
  });

  it('falls back to chat.postMessage when the response_url fails', async () => {
    h = await startSlackHarness();
    h.fake.script('response_url', { status: 500, body: { ok: false } });
    await h.send(slashCommand({ command: '/ask', text: 'What does LoRA change in a model?', channelId: 'C0OTHER', responseUrl: h.fake.responseUrl('down') }));
    const [post] = await h.fake.waitFor('chat.postMessage');
    expect(post!.body).toMatchObject({ channel: 'C0OTHER', link_names: 'false', unfurl_links: 'false' });
    expect(blockKitViolations(post!.body)).toEqual([]);
    expect(h.logs.some((l) => l['msg'] === 'slack response_url failed; posting through the Web API')).toBe(true);
  });
});
