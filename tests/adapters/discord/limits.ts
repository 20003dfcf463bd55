import type { RecordedCall } from '../../fixtures/fake-discord.ts';

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string }; author?: { name: string } };
type Row = { components?: { custom_id?: string; label?: string }[] };
/** The message part of a REST body (callback bodies wrap it in `data`). */
export type MessageBody = { content?: string; embeds?: Embed[]; components?: Row[]; flags?: number; allowed_mentions?: { parse?: unknown[] } };

/** The message a call creates or edits, or undefined for calls that carry no message content. */
export function messageBodyOf(call: RecordedCall): MessageBody | undefined {
  const body = call.body as { type?: number; data?: MessageBody } & MessageBody | undefined;
  if (!body) return undefined;
  if (call.route.endsWith('/callback')) return body.type === 4 || body.type === 7 ? body.data : undefined;
  const creates = call.method === 'POST' && (/^\/webhooks\/\d+\/[^/]+$/u.test(call.route) || /^\/channels\/\d+\/messages$/u.test(call.route));
  const edits = call.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\//u.test(call.route);
  return creates || edits ? body : undefined;
}

/** Every Discord limit a message body breaks (an empty list when it is within all of them). */
export function limitViolations(m: MessageBody): string[] {
  const out: string[] = [];
  const over = (what: string, n: number, max: number) => n > max && out.push(`${what} ${n} > ${max}`);
  over('content', m.content?.length ?? 0, 2000);
  over('embeds', m.embeds?.length ?? 0, 10);
  let total = 0;
  for (const e of m.embeds ?? []) {
    over('title', e.title?.length ?? 0, 256);
    over('description', e.description?.length ?? 0, 4096);
    over('fields', e.fields?.length ?? 0, 25);
    over('footer', e.footer?.text.length ?? 0, 2048);
    for (const f of e.fields ?? []) {
      over('field name', f.name.length, 256);
      over('field value', f.value.length, 1024);
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  over('embed total', total, 6000);
  over('rows', m.components?.length ?? 0, 5);
  for (const row of m.components ?? []) {
    over('buttons in a row', row.components?.length ?? 0, 5);
    for (const b of row.components ?? []) {
      over('custom_id', b.custom_id?.length ?? 0, 100);
      over('label', b.label?.length ?? 0, 80);
    }
  }
  return out;
}

/** Text of a message body: content and every embed's title, description and field values. */
export const textOf = (m: MessageBody) =>
  [m.content ?? '', ...(m.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => f.value), e.footer?.text ?? ''])].join('\n');

/**
 * Every problem on the wire: a message body over a Discord limit, or one that does not set
 * allowed_mentions.parse to [] (each entry names the call). Empty when all is well.
 */
export function wireViolations(calls: readonly RecordedCall[]): string[] {
  return calls.flatMap((c) => {
    const body = messageBodyOf(c);
    if (!body) return [];
    const problems = limitViolations(body);
    if (JSON.stringify(body.allowed_mentions) !== '{"parse":[]}') problems.push(`allowed_mentions ${JSON.stringify(body.allowed_mentions)}`);
    return problems.map((p) => `${c.method} ${c.route}: ${p}`);
  });
}
