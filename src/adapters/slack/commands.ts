import type { App as BoltApp } from '@slack/bolt';
import { deliver } from './deliver.ts';
import { answerLater, type SlackDeps } from './deps.ts';
import { parseSlashCommand } from './parse.ts';

/**
 * One Bolt listener per command in commands/ (`/ask`, `/explain`, …). Each acks at once — before
 * any work, well inside Slack's 3 s — then runs the command and answers through the response_url
 * (in the channel, or only to the user for ephemeral replies), falling back to the Web API.
 */
export function registerCommands(bolt: BoltApp, deps: SlackDeps): void {
  for (const command of deps.app.commands) {
    bolt.command(`/${command.name}`, async ({ command: payload, ack, respond, client }) => {
      await ack();
      const dest = { channel: payload.channel_id, user: payload.user_id, respond };
      const where = { command: `/${command.name}`, user: payload.user_id, channel: payload.channel_id };
      await answerLater(
        deps,
        where,
        async () => {
          const { inv, requester } = parseSlashCommand(payload, deps.app.commands, deps.admins);
          const reply = await deps.app.handle(inv, requester);
          await deliver(reply, dest, client, deps.logger);
        },
        (sorry) => deliver(sorry, dest, client, deps.logger),
      );
    });
  }
}
