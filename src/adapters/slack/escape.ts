/**
 * Slack's three control characters. In message text `<…>` forms mentions and links (`<!channel>`,
 * `<!here>`, `<!everyone>`, `<@U123>`, `<https://…|label>`), so every piece of echoed, model or note
 * text goes through `escapeSlack` before it is sent: the result can never contain `<` or `>`.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes `&`, `<` and `>` as Slack asks (and only those: other entities are not decoded). */
export const escapeSlack = (text: string): string => text.replace(/[&<>]/gu, (c) => ESCAPES[c] ?? c);

/** Reverses `escapeSlack`: Slack delivers typed text with `&`, `<`, `>` already escaped. */
export const unescapeSlack = (text: string): string =>
  text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');

/**
 * Shortens escaped text to at most `max` characters, ending with `…`, without cutting an
 * `&amp;`-style entity in half.
 */
export function clipEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}
