import type { RespondFn, webApi } from '@slack/bolt';
import type { Reply } from '../../core/reply.ts';
import type { Logger } from '../../log.ts';
import { describeError } from './errors.ts';
import { renderReply, type SlackMessage } from './render.ts';

/**
 * Where a reply goes. With `respond` (a slash command's or a click's response_url) it is tried
 * first; without it, or when it fails, the Web API posts into `channel` (in `threadTs` if set).
 */
export type Destination = { channel: string; user: string; threadTs?: string; respond?: RespondFn };

/**
 * Sends a reply, split into as many messages as Block Kit needs. Ephemeral replies stay visible
 * to `user` only. Returns the ts of the first message the Web API posted, if any. Web API errors
 * are thrown to the caller (the listener's guard logs them with an error id).
 */
export async function deliver(reply: Reply, dest: Destination, client: webApi.WebClient, logger: Logger): Promise<string | undefined> {
  let firstTs: string | undefined;
  for (const message of renderReply(reply)) {
    const ts = await deliverOne(message, reply.ephemeral === true, dest, client, logger);
    firstTs ??= ts;
  }
  return firstTs;
}

async function deliverOne(
  message: SlackMessage,
  ephemeral: boolean,
  dest: Destination,
  client: webApi.WebClient,
  logger: Logger,
): Promise<string | undefined> {
  const thread = dest.threadTs ? { thread_ts: dest.threadTs } : {};
  if (dest.respond) {
    try {
      await dest.respond({ response_type: ephemeral ? 'ephemeral' : 'in_channel', replace_original: false, ...thread, ...message });
      return undefined;
    } catch (err) {
      logger.warn({ err: describeError(err), channel: dest.channel }, 'slack response_url failed; posting through the Web API');
    }
  }
  if (ephemeral) {
    await client.chat.postEphemeral({ channel: dest.channel, user: dest.user, ...thread, ...message });
    return undefined;
  }
  const res = await client.chat.postMessage({
    channel: dest.channel,
    ...thread,
    ...message,
    // Never let Slack turn names in the text into mentions, nor preview links from the notes.
    link_names: false,
    parse: 'none',
    unfurl_links: false,
    unfurl_media: false,
  });
  return res.ts;
}
