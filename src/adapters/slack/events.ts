import type { App as BoltApp, webApi } from '@slack/bolt';
import type { IncomingMessage } from '../../core/conversation.ts';
import { RecentIds } from './dedupe.ts';
import { deliver } from './deliver.ts';
import { answerLater, type SlackDeps } from './deps.ts';
import { mentionsBot, messageText, slackRequester } from './parse.ts';

/** The parts of a message event the bot answers from. */
type ChannelMessage = { user: string; channel: string; ts: string; thread_ts?: string | undefined };

/**
 * Events API listeners. A redelivered event (same event_id; Bolt has already acked it) is skipped.
 * An @mention is answered in a thread; a plain message in a channel is passed to the core, which
 * answers it when it continues one of the bot's threads or is a question in a study channel.
 */
export function registerEvents(bolt: BoltApp, deps: SlackDeps, recent = new RecentIds()): void {
  bolt.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && recent.seen(eventId)) {
      deps.logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack event redelivered; already handled');
      return;
    }
    await next();
  });

  bolt.event('app_mention', async ({ event, context, client }) => {
    if (!event.user) return;
    const text = messageText(event.text, context.botUserId ?? deps.botUserId);
    const msg = { user: event.user, channel: event.channel, ts: event.ts, thread_ts: event.thread_ts };
    await answerInThread({ text, mentioned: true }, msg, deps, client);
  });

  bolt.event('message', async ({ event, context, client }) => {
    if (event.subtype !== undefined || event.bot_id) return;
    if (event.channel_type !== 'channel' && event.channel_type !== 'group') return;
    const botUserId = context.botUserId ?? deps.botUserId;
    if (mentionsBot(event.text, botUserId)) return; // its app_mention event answers it
    const msg = { user: event.user, channel: event.channel, ts: event.ts, thread_ts: event.thread_ts };
    await answerInThread({ text: messageText(event.text, botUserId), mentioned: false }, msg, deps, client);
  });
}

/** Asks the core; posts its reply in the message's thread and links that thread to the answer. */
async function answerInThread(incoming: IncomingMessage, msg: ChannelMessage, deps: SlackDeps, client: webApi.WebClient): Promise<void> {
  const threadTs = msg.thread_ts ?? msg.ts;
  const dest = { channel: msg.channel, user: msg.user, threadTs };
  await answerLater(
    deps,
    { event: incoming.mentioned ? 'app_mention' : 'message', user: msg.user, channel: msg.channel },
    async () => {
      const requester = slackRequester({ id: msg.user }, msg.channel, msg.thread_ts, deps.admins);
      const reply = await deps.app.handleMessage(incoming, requester);
      if (!reply) return;
      await deliver(reply, dest, client, deps.logger);
      const answerId = reply.meta?.answerId;
      if (answerId !== undefined) deps.app.linkThread('slack', threadTs, answerId);
    },
    (sorry) => deliver(sorry, dest, client, deps.logger),
  );
}
