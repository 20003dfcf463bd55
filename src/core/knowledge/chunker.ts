import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Chunk, SourceDoc } from './types.ts';

export type ChunkOptions = { maxChars: number };
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 1200 };

/** A run of lines that belongs together: a paragraph or list, a fenced code block, or a table. */
type Block = { start: number; end: number; text: string; atomic: boolean };
type Section = { headingPath: string[]; blocks: Block[] };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/u;
const FENCE = /^\s*(```|~~~)/u;
const TABLE_ROW = /^\s*\|/u;
const RULE = /^\s*(---+|\*\*\*+|___+)\s*$/u;

/** Strips markdown emphasis, emoji and badges from a heading so it reads well in a citation. */
export function cleanHeading(raw: string): string {
  return raw
    .replace(/!\[[^\]]*\]\([^)]*\)/gu, '')
    .replace(/[*_`]/gu, '')
    .replace(/[\p{Extended_Pictographic}\uFE0F\u200D\uFFFD]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Splits markdown into heading sections of blocks, keeping fences and tables whole. */
function parseSections(lines: string[]): Section[] {
  const sections: Section[] = [];
  const path: { level: number; title: string }[] = [];
  let current: Section = { headingPath: [], blocks: [] };
  let block: string[] = [];
  let blockStart = 0;
  let mode: 'text' | 'fence' | 'table' = 'text';
  let fenceMark = '';

  const flush = (endIndex: number) => {
    if (block.some((l) => l.trim() !== '')) {
      current.blocks.push({ start: blockStart + 1, end: endIndex, text: block.join('\n').trim(), atomic: mode !== 'text' });
    }
    block = [];
    mode = 'text';
  };

  lines.forEach((line, i) => {
    if (mode === 'fence') {
      block.push(line);
      if (line.trim().startsWith(fenceMark)) flush(i + 1);
      return;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      flush(i);
      mode = 'fence';
      fenceMark = fence[1] ?? '```';
      blockStart = i;
      block.push(line);
      return;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush(i);
      if (current.blocks.length > 0) sections.push(current);
      const level = heading[1]?.length ?? 1;
      while (path.length > 0 && (path.at(-1)?.level ?? 0) >= level) path.pop();
      const title = cleanHeading(heading[2] ?? '');
      if (title) path.push({ level, title });
      current = { headingPath: path.map((p) => p.title), blocks: [] };
      return;
    }
    if (line.trim() === '' || RULE.test(line)) {
      flush(i);
      return;
    }
    const isTable = TABLE_ROW.test(line);
    if (block.length > 0 && isTable !== (mode === 'table')) flush(i);
    if (block.length === 0) {
      blockStart = i;
      mode = isTable ? 'table' : 'text';
    }
    block.push(line);
  });
  flush(lines.length);
  if (current.blocks.length > 0) sections.push(current);
  return sections;
}

const splitter = (maxChars: number) =>
  new RecursiveCharacterTextSplitter({ chunkSize: maxChars, chunkOverlap: 0, separators: ['\n\n', '\n', '. ', ' ', ''] });

/** Breaks an over-long prose block into pieces, keeping track of the lines each piece spans. */
async function splitBlock(block: Block, maxChars: number): Promise<Block[]> {
  if (block.text.length <= maxChars) return [block];
  // A huge table or fence is cut by lines only when it dwarfs the chunk size; otherwise it stays whole.
  if (block.atomic && block.text.length <= maxChars * 4) return [block];
  const raw = await splitter(maxChars).splitText(block.text);
  // The splitter keeps a ". " separator at the start of the next piece: give the full stop back.
  const pieces: string[] = [];
  for (const piece of raw) {
    if (pieces.length > 0 && piece.startsWith('. ')) {
      pieces[pieces.length - 1] += '.';
      pieces.push(piece.slice(2));
    } else {
      pieces.push(piece);
    }
  }
  const out: Block[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const at = block.text.indexOf(piece, cursor);
    const from = at >= 0 ? at : cursor;
    const startLine = block.start + countNewlines(block.text, 0, from);
    out.push({ start: startLine, end: startLine + countNewlines(piece, 0, piece.length), text: piece, atomic: false });
    cursor = from + piece.length;
  }
  return out;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Chunks one document by its headings: each section becomes one chunk, or several when it is longer
 * than `maxChars`, cut between blocks so code blocks and tables stay whole.
 */
export async function chunkDocument(doc: SourceDoc, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  const push = (headingPath: string[], blocks: Block[]) => {
    const first = blocks[0];
    const last = blocks.at(-1);
    if (!first || !last) return;
    chunks.push({
      id: `${doc.file}#${chunks.length}`,
      file: doc.file,
      headingPath,
      startLine: first.start,
      endLine: last.end,
      text: blocks.map((b) => b.text).join('\n\n'),
    });
  };
  for (const section of parseSections(doc.text.split('\n'))) {
    let group: Block[] = [];
    let size = 0;
    for (const original of section.blocks) {
      for (const block of await splitBlock(original, options.maxChars)) {
        if (group.length > 0 && size + block.text.length > options.maxChars) {
          push(section.headingPath, group);
          group = [];
          size = 0;
        }
        group.push(block);
        size += block.text.length + 2;
      }
    }
    push(section.headingPath, group);
  }
  return chunks;
}
