import type { types } from '@slack/bolt';
import type { Reply, ReplyButton } from '../../core/reply.ts';
import { clipEscaped, escapeSlack } from './escape.ts';
import { toMrkdwn } from './mrkdwn.ts';
import { splitMrkdwn } from './split.ts';

type KnownBlock = types.KnownBlock;
type Button = types.Button;
type MrkdwnElement = types.MrkdwnElement;

/** Slack's Block Kit limits this renderer keeps to (and the tests check every payload against). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  /** Our cap for one context element and for the notification fallback `text`. */
  contextText: 2000,
  fallbackText: 3000,
  actionsElements: 25,
  buttonLabel: 75,
  buttonValue: 2000,
  actionId: 255,
} as const;

/** One chat message: blocks plus the plain `text` Slack shows in notifications and old clients. */
export type SlackMessage = { text: string; blocks: KnownBlock[] };

/** `verbatim` stops Slack from turning bare names, channels or URLs in the text into mentions or links. */
const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });

/**
 * Renders a platform-neutral reply as Block Kit: a header for the title, the text in sections of at
 * most 3000 characters, notices and sources as context, buttons as an actions block. Every piece of
 * text is escaped. Beyond 50 blocks the reply continues in further messages (buttons in the last).
 */
export function renderReply(reply: Reply): SlackMessage[] {
  const head: KnownBlock[] = [];
  if (reply.title?.trim()) {
    head.push({ type: 'header', text: { type: 'plain_text', text: clipEscaped(escapeSlack(reply.title.trim()), SLACK_LIMITS.headerText), emoji: true } });
  }
  const sections = splitMrkdwn(toMrkdwn(reply.text), SLACK_LIMITS.sectionText);
  const body: KnownBlock[] = sections.map((text) => ({ type: 'section', text: mrkdwn(text) }));
  const tail: KnownBlock[] = [...noticeBlocks(reply.notices ?? []), ...sourceBlocks(reply), ...actionBlocks(reply.buttons ?? [])];
  const all = [...head, ...body, ...tail];
  if (all.length === 0) all.push({ type: 'section', text: mrkdwn('…') });
  const messages: SlackMessage[] = [];
  for (let i = 0; i < all.length; i += SLACK_LIMITS.blocksPerMessage) {
    const blocks = all.slice(i, i + SLACK_LIMITS.blocksPerMessage);
    messages.push({ blocks, text: fallbackText(blocks, reply) });
  }
  return messages;
}

/** The notification text: the message's own header and sections, clipped. */
function fallbackText(blocks: KnownBlock[], reply: Reply): string {
  const parts = blocks.flatMap((b) => (b.type === 'header' || b.type === 'section' ? [b.text?.text ?? ''] : []));
  const text = parts.join('\n').trim() || (reply.title ? escapeSlack(reply.title) : 'studybot');
  return clipEscaped(text, SLACK_LIMITS.fallbackText);
}

function noticeBlocks(notices: string[]): KnownBlock[] {
  if (notices.length === 0) return [];
  const lines = notices.map((n) => `:information_source: ${escapeSlack(n)}`);
  return [{ type: 'context', elements: groupLines(lines) }];
}

function sourceBlocks(reply: Reply): KnownBlock[] {
  const sources = reply.sources ?? [];
  if (sources.length === 0) return [];
  const lines = sources.map((s, i) => clipEscaped(escapeSlack(`[${i + 1}] ${s.file}:${s.startLine}-${s.endLine} — ${s.heading}`), 300));
  return [{ type: 'context', elements: groupLines(['*Sources*', ...lines]) }];
}

/** Packs lines into context elements of at most `contextText` characters; at most 10, the last clipped. */
function groupLines(lines: string[]): MrkdwnElement[] {
  const texts: string[] = [];
  for (const line of lines) {
    const last = texts.at(-1);
    const roomy = last !== undefined && last.length + 1 + line.length <= SLACK_LIMITS.contextText;
    if (roomy || (last !== undefined && texts.length === SLACK_LIMITS.contextElements)) texts[texts.length - 1] = `${last}\n${line}`;
    else texts.push(line);
  }
  return texts.map((t) => mrkdwn(clipEscaped(t, SLACK_LIMITS.contextText)));
}

function actionBlocks(buttons: ReplyButton[]): KnownBlock[] {
  const elements = buttons
    .filter((b) => b.id.length > 0 && b.id.length <= SLACK_LIMITS.actionId && b.id.length <= SLACK_LIMITS.buttonValue)
    .slice(0, SLACK_LIMITS.actionsElements)
    .map((b): Button => ({
      type: 'button',
      action_id: b.id,
      value: b.id,
      text: { type: 'plain_text', text: clipEscaped(escapeSlack(b.label), SLACK_LIMITS.buttonLabel), emoji: true },
      // Slack buttons know only "primary" (green) and "danger" (red); anything else is the default look.
      ...(b.style === 'primary' || b.style === 'success' ? { style: 'primary' as const } : {}),
      ...(b.style === 'danger' ? { style: 'danger' as const } : {}),
    }));
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}
