import type { AnyCommand } from './command.ts';
import type { Invocation } from './dispatch.ts';

/**
 * Parses a typed command line such as `/explain RLHF level:beginner` or
 * `/ask question: What is LoRA?` into an invocation. `name:value` pairs set options; any other
 * text fills the command's first string option. Returns undefined for text that is not a command.
 */
export function parseCommandLine(line: string, commands: readonly AnyCommand[]): Invocation | undefined {
  const m = /^\s*\/([\w:-]+)\s*([\s\S]*)$/u.exec(line);
  if (!m) return undefined;
  const name = (m[1] ?? '').toLowerCase();
  const rest = m[2] ?? '';
  const command = commands.find((c) => c.name === name);
  if (!command) return { name, options: {} };
  const keys = Object.keys(command.options.shape);
  const options: Record<string, unknown> = {};
  const free: string[] = [];
  // Split on option markers "key:" for known keys only, so "Q:K" inside a question survives.
  const marker = new RegExp(`(?:^|\\s)(${keys.map((k) => k.replace(/[-]/gu, '\\-')).join('|') || '(?!)'}):\\s*`, 'giu');
  let last = 0;
  let key: string | undefined;
  for (const mk of rest.matchAll(marker)) {
    const chunk = rest.slice(last, mk.index).trim();
    if (key) options[key] = chunk;
    else if (chunk) free.push(chunk);
    key = (mk[1] ?? '').toLowerCase();
    last = (mk.index ?? 0) + mk[0].length;
  }
  const tail = rest.slice(last).trim();
  if (key) options[key] = tail;
  else if (tail) free.push(tail);
  const firstString = keys.find((k) => !(k in options));
  if (free.length > 0 && firstString) options[firstString] = free.join(' ');
  return { name, options };
}
