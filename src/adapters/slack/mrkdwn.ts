import { escapeSlack } from './escape.ts';

/** Code fences (closed or running to the end) and inline code spans: left as they are. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/gu;

/** Formatting outside code: **bold** → *bold*, ~~strike~~ → ~strike~, "# Heading" → *Heading*. */
const prose = (s: string): string =>
  s
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/gu, '*$1*')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/gu, '~$1~')
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gmu, '*$1*');

/**
 * Turns the core's markdown subset (**bold**, _italic_, `code`, ``` fences, • bullets) into Slack
 * mrkdwn, escaping `& < >` everywhere first, so the result is safe to send as-is.
 */
export function toMrkdwn(markdown: string): string {
  const escaped = escapeSlack(markdown.replace(/\r\n?/gu, '\n'));
  let out = '';
  let last = 0;
  for (const m of escaped.matchAll(CODE)) {
    out += prose(escaped.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + prose(escaped.slice(last));
}
