import { ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { App } from '../../app.ts';
import { threadName } from './interactions.ts';
import { parseMessage } from './parse.ts';
import { renderReply } from './render.ts';
import { sendTo } from './respond.ts';

/**
 * A channel message: the core decides whether to answer (mention, study channel question, or a
 * thread the bot answers in). Inside a thread the answer goes there; otherwise the bot starts a
 * thread on the message, answers inside it and links the thread to the answer. Short refusals
 * (rate limit, usage) reply in place instead of opening a thread.
 */
export async function onMessage(app: App, botId: string, m: Message): Promise<void> {
  if (m.author.bot || m.system || !m.inGuild()) return;
  const { msg, requester } = parseMessage(m, botId);
  const reply = await app.handleMessage(msg, requester);
  if (!reply) return;
  if (m.channel.isThread()) return sendTo(m.channel, reply);
  if (reply.ephemeral) {
    for (const { flags: _flags, ...part } of renderReply(reply)) await m.reply(part);
    return;
  }
  const thread = await m.startThread({ name: threadName(msg.text), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  if (reply.meta?.answerId !== undefined) app.linkThread('discord', thread.id, reply.meta.answerId);
  await sendTo(thread, reply);
}
