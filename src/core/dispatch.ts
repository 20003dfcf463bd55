import { randomUUID } from 'node:crypto';
import type { AnyCommand, CommandContext } from './command.ts';
import type { Reply } from './reply.ts';

/** A parsed invocation from any surface: the command name and its raw option values. */
export type Invocation = { name: string; options: Record<string, unknown> };

const helpHint = (commands: readonly AnyCommand[]) => `Commands: ${commands.map((c) => `/${c.name}`).join(', ')}. Try /help.`;

/**
 * Runs one invocation: unknown commands and bad options become usage replies (expected failures);
 * an unexpected error becomes a short apology with an error id that matches the log line.
 */
export async function dispatch(inv: Invocation, ctx: CommandContext): Promise<Reply> {
  const command = ctx.commands.find((c) => c.name === inv.name.toLowerCase());
  if (!command) {
    return { kind: 'usage', text: `Unknown command /${inv.name}. ${helpHint(ctx.commands)}`, ephemeral: true };
  }
  const parsed = command.options.safeParse(inv.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { kind: 'usage', text: `${where}${issue?.message ?? 'invalid options'}\nUsage: ${command.usage}`, ephemeral: true };
  }
  if (command.adminOnly && !ctx.requester.isAdmin) {
    return { kind: 'usage', text: `Sorry, /${command.name} is for server admins only.`, ephemeral: true };
  }
  if (command.modelBacked) {
    const slot = ctx.limiter.take(`${ctx.requester.platform}:${ctx.requester.userId}`);
    if (!slot.ok) {
      const s = Math.ceil(slot.retryAfterMs / 1000);
      return { kind: 'usage', text: `You're asking faster than I can keep up — please try again in ${s} s.`, ephemeral: true };
    }
  }
  try {
    return await command.run(parsed.data, ctx);
  } catch (err) {
    const errorId = randomUUID().slice(0, 8);
    ctx.logger.error({ err, errorId, command: command.name, requester: ctx.requester }, 'command failed');
    return {
      kind: 'error',
      text: `Sorry, something went wrong while running /${command.name}. (error id ${errorId})`,
      ephemeral: true,
      meta: { errorId },
    };
  }
}
