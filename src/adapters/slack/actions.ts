import type { BlockAction, App as BoltApp } from '@slack/bolt';
import { parseButtonId } from '../../core/buttons.ts';
import { deliver } from './deliver.ts';
import { answerLater, type SlackDeps } from './deps.ts';
import { slackRequester } from './parse.ts';

/**
 * Clicks on answer buttons (`fb:up:N`, `fb:down:N`, `thread:N`). Feedback is thanked ephemerally;
 * "Follow up in a thread" posts a starter message in the thread of the answer message and links
 * that thread to answer N, so questions asked there carry the earlier turns.
 */
export function registerActions(bolt: BoltApp, deps: SlackDeps): void {
  bolt.action<BlockAction>({ type: 'block_actions', action_id: /^(fb|thread):/u }, async ({ ack, body, action, respond, client }) => {
    await ack();
    const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
    const channel = body.channel?.id ?? container.channel_id ?? '';
    const user = body.user.id;
    const toUser = { channel, user, respond };
    await answerLater(
      deps,
      { action: action.action_id, user, channel },
      async () => {
        // An answer posted inside a thread continues that thread; otherwise the answer starts one.
        const messageTs: unknown = body.message?.['thread_ts'] ?? body.message?.ts ?? container.message_ts;
        const rootTs = typeof messageTs === 'string' ? messageTs : undefined;
        const requester = slackRequester({ id: user, name: body.user.username ?? body.user.name }, channel, rootTs, deps.admins);
        const reply = await deps.app.handleButton(action.action_id, requester);
        const button = parseButtonId(action.action_id);
        if (button?.action === 'thread' && reply.kind === 'info' && rootTs && channel && !container.is_ephemeral) {
          await deliver({ ...reply, ephemeral: false }, { channel, user, threadTs: rootTs }, client, deps.logger);
          deps.app.linkThread('slack', rootTs, button.answerId);
          return;
        }
        await deliver({ ...reply, ephemeral: true }, toUser, client, deps.logger);
      },
      (sorry) => deliver(sorry, toUser, client, deps.logger),
    );
  });
}
