import { z } from 'zod';
import { defineCommand } from '../src/core/command.ts';

/** /studychannel — admins choose where the bot listens for questions. */
export default defineCommand({
  name: 'studychannel',
  description: 'Admins: make this channel a study channel (or stop), and choose whether plain questions get answers.',
  usage: '/studychannel action:on|off|status [questions:yes|no]',
  adminOnly: true,
  options: z.object({
    action: z.enum(['on', 'off', 'status'], { error: 'Choose action: on, off or status.' }).describe('on, off or status'),
    questions: z.enum(['yes', 'no']).default('yes').describe('Also answer any message that is a question (not only @mentions)'),
  }),
  async run({ action, questions }, ctx) {
    const { platform, channelId, userId } = ctx.requester;
    if (!channelId) return { kind: 'usage', text: 'Run /studychannel inside the channel you want to configure.', ephemeral: true };
    if (action === 'on') {
      ctx.store.channels.enable(platform, channelId, questions === 'yes', userId);
      const what = questions === 'yes' ? '@mentions and any question' : '@mentions';
      return { kind: 'info', text: `This is now a study channel: I'll answer ${what} here, in a thread.` };
    }
    if (action === 'off') {
      const was = ctx.store.channels.disable(platform, channelId);
      return { kind: 'info', text: was ? 'This is no longer a study channel; I will only answer slash commands and @mentions.' : 'This was not a study channel.' };
    }
    const c = ctx.store.channels.get(platform, channelId);
    return {
      kind: 'info',
      ephemeral: true,
      text: c ? `Study channel: yes (answers ${c.answerQuestions ? '@mentions and questions' : '@mentions only'}).` : 'Study channel: no.',
    };
  },
});
