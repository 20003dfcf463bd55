import { SLACK_LIMITS } from '../../../src/adapters/slack/render.ts';

type AnyBlock = { type?: unknown; text?: { type?: unknown; text?: unknown; verbatim?: unknown }; elements?: unknown[] };
type AnyElement = { type?: unknown; text?: unknown; action_id?: unknown; value?: unknown; verbatim?: unknown };

/**
 * Every Block Kit limit the bot must keep, as a list of violations (empty when the message is fine).
 * Used on what the real Bolt app sent to the fake Slack, and on the renderer's own output.
 */
export function blockKitViolations(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text.trim() === '') problems.push('missing fallback text');
  const blocks = Array.isArray(message.blocks) ? (message.blocks as AnyBlock[]) : [];
  if (!Array.isArray(message.blocks)) problems.push('blocks is not an array');
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) problems.push(`${blocks.length} blocks > 50`);
  blocks.forEach((b, i) => {
    const text = typeof b.text?.text === 'string' ? b.text.text : '';
    if (b.type === 'section' && (text.length === 0 || text.length > SLACK_LIMITS.sectionText)) problems.push(`block ${i}: section text ${text.length} chars`);
    if (b.type === 'header' && (b.text?.type !== 'plain_text' || text.length > SLACK_LIMITS.headerText)) problems.push(`block ${i}: bad header`);
    if (b.type === 'section' && b.text?.type === 'mrkdwn' && b.text.verbatim !== true) problems.push(`block ${i}: mrkdwn without verbatim`);
    const elements = (b.elements ?? []) as AnyElement[];
    if (b.type === 'context' && (elements.length === 0 || elements.length > SLACK_LIMITS.contextElements)) problems.push(`block ${i}: ${elements.length} context elements`);
    if (b.type === 'actions' && (elements.length === 0 || elements.length > SLACK_LIMITS.actionsElements)) problems.push(`block ${i}: ${elements.length} actions`);
    elements.forEach((e, j) => {
      if (e.type === 'button') {
        const id = String(e.action_id ?? '');
        const label = (e.text as { text?: unknown } | undefined)?.text;
        if (id.length === 0 || id.length > SLACK_LIMITS.actionId) problems.push(`block ${i}.${j}: action_id ${id.length}`);
        if (String(e.value ?? '').length > SLACK_LIMITS.buttonValue) problems.push(`block ${i}.${j}: value too long`);
        if (typeof label !== 'string' || label.length > SLACK_LIMITS.buttonLabel) problems.push(`block ${i}.${j}: label`);
      }
      if (e.type === 'mrkdwn' && (typeof e.text !== 'string' || e.text.length > SLACK_LIMITS.sectionText)) problems.push(`block ${i}.${j}: context text`);
    });
  });
  return problems;
}

/** Every string anywhere in a payload (text, blocks, labels), for escaping checks. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
