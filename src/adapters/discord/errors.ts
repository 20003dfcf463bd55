import { randomUUID } from 'node:crypto';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Message, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../log.ts';

/** Where an apology can go: the interaction (ephemerally) or the channel message (as a reply). */
export type FailedEvent = { kind: 'interaction'; interaction: RepliableInteraction } | { kind: 'message'; message: Message };

/**
 * The adapter's one catch: logs the failure with a fresh error id (and Discord's error code for
 * REST failures such as 50013 Missing Permissions or 10062 Unknown interaction), then tells the
 * user "something went wrong (error id …)" — ephemerally for interactions. Never throws.
 */
export async function apologise(logger: Logger, event: FailedEvent, err: unknown): Promise<void> {
  const errorId = randomUUID().slice(0, 8);
  const api = err instanceof DiscordAPIError ? { code: err.code, status: err.status, method: err.method, url: err.url } : {};
  const where = event.kind === 'interaction' ? { interactionId: event.interaction.id } : { messageId: event.message.id };
  logger.error({ err, errorId, ...api, ...where }, 'discord handler failed');
  // A dead interaction token cannot carry an apology either.
  if (api.code === RESTJSONErrorCodes.UnknownInteraction) return;
  const content = `Sorry, something went wrong on my side. (error id ${errorId})`;
  const body = { content, allowedMentions: { parse: [] as [] } };
  try {
    if (event.kind === 'message') await event.message.reply(body);
    else if (event.interaction.deferred || event.interaction.replied) await event.interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
    else await event.interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
  } catch (second) {
    logger.warn({ err: second, errorId }, 'could not deliver the apology');
  }
}
