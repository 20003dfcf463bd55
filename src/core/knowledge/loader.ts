import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeCp1252, repairMojibake } from './mojibake.ts';
import type { SourceDoc } from './types.ts';

export const KNOWLEDGE_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

export type LoadResult = { docs: SourceDoc[]; warnings: string[] };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file's bytes, or says in a few words why it cannot be used as notes. */
export function decodeKnowledgeFile(bytes: Buffer): { text: string } | { problem: string } {
  if (bytes.length === 0) return { problem: 'it is empty' };
  if (bytes.subarray(0, 8192).includes(0)) return { problem: 'it looks binary (NUL bytes)' };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    // Not UTF-8: accept it as Windows-1252/Latin-1 text only if it is mostly printable.
    text = decodeCp1252(bytes);
    const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/gu)?.length ?? 0;
    if (controls > text.length * 0.01) return { problem: 'it is not text (unprintable bytes)' };
  }
  text = repairMojibake(text.replace(/^\uFEFF/u, '')).replace(/\r\n?/gu, '\n');
  if (text.trim().length === 0) return { problem: 'it has no text' };
  return { text };
}

/** Files studybot reads beside the notes, or that editors leave behind: not worth a warning. */
const QUIET = /^(\.|glossary\.ya?ml$)|~$/u;

async function listFiles(dir: string): Promise<{ notes: string[]; others: string[] }> {
  const entries = (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile());
  const full = (e: (typeof entries)[number]) => path.join(e.parentPath, e.name);
  const isNote = (e: (typeof entries)[number]) => KNOWLEDGE_EXTENSIONS.has(path.extname(e.name).toLowerCase());
  return {
    notes: entries.filter(isNote).map(full).sort(),
    others: entries.filter((e) => !isNote(e) && !QUIET.test(e.name)).map(full).sort(),
  };
}

/**
 * Loads every .md/.markdown/.txt file under `dir`. Unusable files (unreadable, binary, empty, over
 * `maxFileBytes`) are skipped with a warning naming the file; loading never throws for a bad file.
 */
export async function loadKnowledge(dir: string, maxFileBytes: number): Promise<LoadResult> {
  const warnings: string[] = [];
  let files: string[];
  try {
    const listed = await listFiles(dir);
    files = listed.notes;
    for (const other of listed.others) {
      warnings.push(`skipped ${path.relative(dir, other)}: only .md, .markdown and .txt files are read as notes`);
    }
  } catch (err) {
    return { docs: [], warnings: [`knowledge folder ${dir} cannot be read: ${(err as Error).message}`] };
  }
  const docs: SourceDoc[] = [];
  for (const full of files) {
    const file = path.relative(dir, full).split(path.sep).join('/');
    try {
      const { size } = await stat(full);
      if (size > maxFileBytes) {
        warnings.push(`skipped ${file}: ${size} bytes is over the ${maxFileBytes}-byte limit (STUDYBOT_MAX_FILE_BYTES)`);
        continue;
      }
      const decoded = decodeKnowledgeFile(await readFile(full));
      if ('problem' in decoded) warnings.push(`skipped ${file}: ${decoded.problem}`);
      else docs.push({ file, text: decoded.text });
    } catch (err) {
      warnings.push(`skipped ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (docs.length === 0) warnings.push(`no usable notes in ${dir}`);
  return { docs, warnings };
}
