import type { Chunk } from '../knowledge/types.ts';
import { toUnits, type Unit } from '../answer/units.ts';

export const LEVELS = ['beginner', 'intermediate', 'expert'] as const;
export type Level = (typeof LEVELS)[number];

/** How much of a section each level gets in the offline digest. */
const DEPTH: Record<Level, { points: number; codeLines: number; related: number }> = {
  beginner: { points: 3, codeLines: 2, related: 2 },
  intermediate: { points: 5, codeLines: 6, related: 3 },
  expert: { points: 9, codeLines: 14, related: 4 },
};

type Sourced = Unit & { source: number };

const isFormulaOrExample = (u: Unit) => u.kind === 'code' && /[=→"]|\bdef\b|\breturn\b/u.test(u.text);

/**
 * A structured offline explanation of one section of the notes: what it is, key points, the
 * formula or example the notes give, and related topics. `chunks[i]` is cited as [i+1].
 */
export function digest(title: string, chunks: Chunk[], related: string[], level: Level): string {
  const depth = DEPTH[level];
  const units: Sourced[] = chunks.flatMap((c, source) => toUnits(c.text).map((u) => ({ ...u, source })));
  const cite = (u: Sourced) => ` [${u.source + 1}]`;
  const definition = units.find((u) => u.kind === 'prose') ?? units.find((u) => u.kind !== 'code' && u.kind !== 'comment');
  const said = (u: Sourced, i: number, all: Sourced[]) =>
    all.some((o, j) => j !== i && o.text.length > u.text.length && o.text.toLowerCase().includes(u.text.toLowerCase()));
  const candidates = units.filter((u) => u !== definition && u.kind !== 'code');
  // A point already contained in a longer one (or in the definition) is left out.
  const points = candidates
    .filter((u, i) => !said(u, i, candidates) && !(definition?.text.toLowerCase().includes(u.text.toLowerCase()) ?? false))
    .slice(0, depth.points);
  const code = units.filter(isFormulaOrExample).slice(0, depth.codeLines);

  const parts = [`**${title}**`];
  if (definition) parts.push(`**What it is:** ${definition.text}${cite(definition)}`);
  if (points.length > 0) parts.push(['**Key points:**', ...points.map((p) => `• ${p.text}${cite(p)}`)].join('\n'));
  if (code.length > 0) {
    const label = code.some((u) => u.text.includes('=')) ? 'Formula / example' : 'Example';
    parts.push(`**${label}:**${cite(code[0]!)}\n\`\`\`\n${code.map((u) => u.text).join('\n')}\n\`\`\``);
  }
  if (level === 'beginner' && points.length < units.length - 1) parts.push('_Ask for `level:intermediate` or `level:expert` to see more of this section._');
  const rel = related.slice(0, depth.related);
  if (rel.length > 0) parts.push(`**Related topics:** ${rel.join(' · ')}`);
  return parts.join('\n\n');
}
