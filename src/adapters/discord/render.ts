import { MessageFlags, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { SourceRef } from '../../core/answer/types.ts';
import type { Reply } from '../../core/reply.ts';
import { buttonRows, type ButtonRow } from './components.ts';
import { LIMITS, splitMessage } from './split.ts';

/** One Discord message, ready for reply/editReply/followUp/send. Mentions are never parsed. */
export type DiscordMessage = {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  flags?: MessageFlags.Ephemeral;
  allowedMentions: { parse: [] };
};

const MAX_SOURCES = 10;
const COLORS: Record<Reply['kind'], number> = { answer: 0x5865f2, explain: 0x57f287, help: 0x99aab5, info: 0x99aab5, usage: 0xfee75c, error: 0xed4245 };
const ABSTAINED = 0xfee75c;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Title, description, field names and values, footer: what Discord counts towards 6000. */
export const embedLength = (e: APIEmbed) =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/**
 * Renders a reply as Discord messages within every limit. Answers, explanations and anything with a
 * title or sources become embeds (text in the description, a "Sources" field, notices in the
 * footer); short notes become plain content. Long text is split over several messages (at most
 * `maxMessages`, then marked truncated); buttons go under the last message. Ephemeral replies
 * carry flag 64 on every message.
 */
export function renderReply(reply: Reply, opts: { maxMessages?: number } = {}): DiscordMessage[] {
  const maxMessages = opts.maxMessages ?? 5;
  const base: DiscordMessage = { allowedMentions: { parse: [] }, ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
  const useEmbed = reply.title !== undefined || (reply.sources?.length ?? 0) > 0 || ['answer', 'explain', 'help'].includes(reply.kind);
  const messages = useEmbed
    ? embedMessages(reply, maxMessages).map((embed): DiscordMessage => ({ ...base, embeds: [embed] }))
    : contentChunks(reply, maxMessages).map((content): DiscordMessage => ({ ...base, content }));
  const rows = buttonRows(reply.buttons);
  const last = messages.at(-1);
  if (last && rows.length > 0) last.components = rows;
  return messages;
}

/** Splits `text` at `max` and keeps at most `count` chunks, marking the cut. */
function limitedChunks(text: string, max: number, count: number): string[] {
  const marker = '\n… (truncated)';
  const chunks = splitMessage(text, max);
  if (chunks.length <= count) return chunks;
  const kept = chunks.slice(0, count - 1);
  const lastFit = splitMessage(chunks[count - 1] ?? '', max - marker.length)[0] ?? '';
  return [...kept, `${lastFit}${marker}`];
}

function contentChunks(reply: Reply, maxMessages: number): string[] {
  const notices = (reply.notices ?? []).map((n) => `-# ${clip(n, 300)}`);
  const text = [reply.text, ...notices].filter((s) => s.trim() !== '').join('\n');
  const chunks = limitedChunks(text, LIMITS.content, maxMessages);
  return chunks.length > 0 ? chunks : ['…'];
}

function embedMessages(reply: Reply, maxMessages: number): APIEmbed[] {
  const color = reply.meta?.abstained ? ABSTAINED : COLORS[reply.kind];
  const extras: Pick<APIEmbed, 'fields' | 'footer'> = {};
  const fields = sourceFields(reply.sources ?? []);
  if (fields.length > 0) extras.fields = fields;
  const notices = (reply.notices ?? []).map((n) => clip(n, 300)).join(' · ');
  if (notices) extras.footer = { text: clip(notices, 1000) };
  const hasExtras = extras.fields !== undefined || extras.footer !== undefined;
  const descriptions = limitedChunks(reply.text, LIMITS.embedDescription, Math.max(1, maxMessages - (hasExtras ? 1 : 0)));
  const embeds: APIEmbed[] = descriptions.map((description) => ({ color, description }));
  if (embeds.length === 0) embeds.push({ color });
  if (reply.title) embeds[0] = { title: clip(reply.title, LIMITS.embedTitle), ...embeds[0] };
  if (!hasExtras) return embeds;
  const last = embeds.at(-1) ?? { color };
  const merged = { ...last, ...extras };
  if (embedLength(merged) <= LIMITS.embedTotal) embeds[embeds.length - 1] = merged;
  else embeds.push({ color, ...extras });
  return embeds;
}

/** Keeps the most specific part of a long "A > B > C" heading. */
function shortHeading(heading: string): string {
  if (heading.length <= 120) return heading;
  const leaf = heading.split(' > ').at(-1) ?? heading;
  return clip(`… > ${leaf}`, 120);
}

/** "[n] `file` — heading (lines a-b)" lines, packed into fields of at most 1024 characters. */
export function sourceFields(sources: readonly SourceRef[]): APIEmbedField[] {
  const lines = sources
    .slice(0, MAX_SOURCES)
    .map((s, i) => clip(`[${i + 1}] \`${s.file.replaceAll('`', "'")}\` — ${shortHeading(s.heading)} (lines ${s.startLine}-${s.endLine})`, 300));
  if (sources.length > MAX_SOURCES) lines.push(`… and ${sources.length - MAX_SOURCES} more`);
  const fields: APIEmbedField[] = [];
  for (const line of lines) {
    const last = fields.at(-1);
    if (last && last.value.length + 1 + line.length <= LIMITS.fieldValue) last.value += `\n${line}`;
    else fields.push({ name: fields.length === 0 ? 'Sources' : 'Sources (continued)', value: line });
  }
  return fields;
}

/** A thread name (1–100 characters) from a question or title, on one line. */
export function threadName(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ').trim();
  return (oneLine.length > 90 ? `${oneLine.slice(0, 89)}…` : oneLine) || 'studybot';
}
