import type { Reply } from '../../core/reply.ts';

const BOLD = (s: string) => `\u001b[1m${s}\u001b[22m`;
const DIM = (s: string) => `\u001b[2m${s}\u001b[22m`;

/** Renders a reply as terminal text; `color` adds ANSI bold and dim (for a TTY). */
export function renderForTerminal(reply: Reply, color: boolean): string {
  const bold = color ? BOLD : (s: string) => s;
  const dim = color ? DIM : (s: string) => s;
  const out: string[] = [];
  if (reply.title) out.push(bold(reply.title), '');
  out.push(reply.text.replace(/\*\*(.+?)\*\*/gu, (_, s: string) => bold(s)));
  for (const n of reply.notices ?? []) out.push(dim(`note: ${n}`));
  if (reply.sources && reply.sources.length > 0) {
    out.push('', dim('Sources:'));
    reply.sources.forEach((s, i) => out.push(dim(`  [${i + 1}] ${s.file}:${s.startLine}-${s.endLine} — ${s.heading}`)));
  }
  return `${out.join('\n')}\n`;
}
