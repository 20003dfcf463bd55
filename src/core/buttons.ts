import type { ReplyButton } from './reply.ts';

/** Button ids are `action:answerId` strings, well under Discord's 100 and Slack's 255 limits. */
export type ButtonAction = { action: 'feedback'; vote: 1 | -1; answerId: number } | { action: 'thread'; answerId: number };

export function answerButtons(answerId: number): ReplyButton[] {
  return [
    { id: `fb:up:${answerId}`, label: '👍 Helpful', style: 'success' },
    { id: `fb:down:${answerId}`, label: '👎 Not helpful', style: 'danger' },
    { id: `thread:${answerId}`, label: 'Follow up in a thread', style: 'secondary' },
  ];
}

export function parseButtonId(id: string): ButtonAction | undefined {
  const fb = /^fb:(up|down):(\d{1,15})$/u.exec(id);
  if (fb) return { action: 'feedback', vote: fb[1] === 'up' ? 1 : -1, answerId: Number(fb[2]) };
  const th = /^thread:(\d{1,15})$/u.exec(id);
  if (th) return { action: 'thread', answerId: Number(th[1]) };
  return undefined;
}
