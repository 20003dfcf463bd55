import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { AfterAck } from '../../../src/adapters/slack/after-ack.ts';
import { RecentIds } from '../../../src/adapters/slack/dedupe.ts';
import { apology, describeError } from '../../../src/adapters/slack/errors.ts';
import { mentionsBot, messageText, parseSlashCommand } from '../../../src/adapters/slack/parse.ts';

describe('RecentIds (event_id dedupe)', () => {
  it('reports a repeat within the TTL and forgets it after', () => {
    let t = 0;
    const ids = new RecentIds(1000, 10, () => t);
    expect(ids.seen('Ev1')).toBe(false);
    t = 999;
    expect(ids.seen('Ev1')).toBe(true);
    t = 2000;
    expect(ids.seen('Ev1')).toBe(false);
  });

  it('keeps at most `max` ids, evicting the oldest', () => {
    const ids = new RecentIds(60_000, 3, () => 0);
    for (const id of ['a', 'b', 'c', 'd']) ids.seen(id);
    expect(ids.size).toBe(3);
    expect(ids.seen('a')).toBe(false); // evicted, so new again
    expect(ids.seen('d')).toBe(true);
  });
});

describe('parse', () => {
  const admins = new Set(['U0ADMIN']);

  it('turns a slash command payload into the same invocation the console would parse', () => {
    const { inv, requester } = parseSlashCommand(
      { command: '/explain', text: 'RLHF level:beginner', user_id: 'U0ADMIN', user_name: 'ada', channel_id: 'C1' },
      commands,
      admins,
    );
    expect(inv).toEqual({ name: 'explain', options: { topic: 'RLHF', level: 'beginner' } });
    expect(requester).toEqual({ platform: 'slack', userId: 'U0ADMIN', userName: 'ada', channelId: 'C1', isAdmin: true });
  });

  it('undoes Slack’s escapes in typed text and marks non-admins', () => {
    const { inv, requester } = parseSlashCommand({ command: '/ask', text: 'Is Q&amp;A &lt;= 3?', user_id: 'U2', user_name: 'bo', channel_id: 'C1' }, commands, admins);
    expect(inv.options).toEqual({ question: 'Is Q&A <= 3?' });
    expect(requester.isAdmin).toBe(false);
  });

  it('strips the bot’s own mention from a message but keeps other text', () => {
    expect(messageText('<@UBOT>   what is LoRA?', 'UBOT')).toBe('what is LoRA?');
    expect(messageText('hey <@UBOT> and <@U2> &amp; co', 'UBOT')).toBe('hey and <@U2> & co');
    expect(mentionsBot('hi <@UBOT>', 'UBOT')).toBe(true);
    expect(mentionsBot('hi <@U2>', 'UBOT')).toBe(false);
    expect(mentionsBot('hi', undefined)).toBe(false);
  });
});

describe('errors', () => {
  it('describes Web API errors without their request (which carries the token)', () => {
    const err = Object.assign(new Error('An API error occurred: not_in_channel'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_in_channel' },
      config: { headers: { Authorization: 'Bearer xoxb-secret' } },
    });
    const d = describeError(err);
    expect(d).toMatchObject({ code: 'slack_webapi_platform_error', slackError: 'not_in_channel' });
    expect(JSON.stringify(d)).not.toContain('xoxb-secret');
    expect(describeError(new Error('boom')).stack).toContain('boom');
  });

  it('apologises ephemerally with the error id', () => {
    expect(apology('abcd1234')).toMatchObject({ kind: 'error', ephemeral: true, meta: { errorId: 'abcd1234' } });
    expect(apology('abcd1234').text).toContain('error id abcd1234');
  });
});

describe('AfterAck (acks first, answers when quiet)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs jobs in order and passes results and errors through', async () => {
    const q = new AfterAck(0, 100);
    const order: number[] = [];
    const a = q.run(async () => order.push(1));
    const b = q.run(async () => {
      order.push(2);
      throw new Error('two');
    });
    await expect(a).resolves.toBe(1);
    await expect(b).rejects.toThrow('two');
    expect(order).toEqual([1, 2]);
  });

  it('holds jobs while more keep arriving, then starts them; the oldest never waits past maxWaitMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance', 'Date'] });
    const q = new AfterAck(5, 50, () => Date.now());
    const started: number[] = [];
    void q.run(async () => started.push(Date.now()));
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(3); // a new request every 3 ms: never quiet for 5 ms
      void q.run(async () => started.push(Date.now()));
    }
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(started.length).toBe(4); // quiet now: all start, one per loop turn
    const t0 = Date.now();
    void q.run(async () => started.push(Date.now()));
    for (let i = 0; i < 30; i++) {
      await vi.advanceTimersByTimeAsync(3);
      void q.run(async () => undefined);
    }
    expect(started.length).toBe(5);
    expect(started[4]! - t0).toBeLessThanOrEqual(55);
  });

  it('settled() waits for queued and running jobs', async () => {
    const q = new AfterAck(1, 100);
    let done = false;
    void q.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      done = true;
    });
    await q.settled();
    expect(done).toBe(true);
  });
});
